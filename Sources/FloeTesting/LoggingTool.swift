import FloeMedia
import Foundation

/// A stand-in for a program (`ffmpeg`, `ffprobe`) that writes each run's arguments as a line of its log, then runs
/// the real program: what a test counts runs, or looks at commands, with. The real one is the first of that name
/// on `PATH`, found when the stand-in is made; the stand-in lives in a folder of the test's own.
public struct LoggingTool: Sendable {
    /// The stand-in's path, to configure in place of the real program.
    public let path: String
    private let log: URL

    /// Writes the stand-in for `name` at `folder/name`.
    public init(_ name: String, in folder: URL) throws {
        guard let real = FFmpegConfiguration.locate(name) else { throw FixtureError(message: "no \(name) on PATH") }
        let stand = folder.appending(path: name)
        log = folder.appending(path: "\(name).log")
        try "#!/bin/sh\necho \"$*\" >> '\(log.path)'\nexec '\(real)' \"$@\"\n".write(to: stand, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stand.path)
        path = stand.path
    }

    /// The arguments of each run so far, one line a run, in order.
    public var runs: [Substring] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
    }
}
