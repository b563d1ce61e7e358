import Foundation

/// Where the `ffmpeg` and `ffprobe` binaries are, and how their processes are stopped.
public struct FFmpegConfiguration: Hashable, Sendable {
    /// Path of `ffmpeg`, or a bare name looked up on `PATH` when it runs.
    public var ffmpegPath: String
    /// Path of `ffprobe`, or a bare name looked up on `PATH` when it runs.
    public var ffprobePath: String
    /// How long a process has to exit after `SIGTERM` before it gets `SIGKILL`.
    public var terminationGracePeriod: Duration

    /// - Parameters:
    ///   - ffmpegPath: defaults to the first `ffmpeg` on `PATH`.
    ///   - ffprobePath: defaults to the first `ffprobe` on `PATH`.
    public init(ffmpegPath: String? = nil, ffprobePath: String? = nil, terminationGracePeriod: Duration = .seconds(3)) {
        self.ffmpegPath = ffmpegPath ?? Self.locate("ffmpeg") ?? "ffmpeg"
        self.ffprobePath = ffprobePath ?? Self.locate("ffprobe") ?? "ffprobe"
        self.terminationGracePeriod = terminationGracePeriod
    }

    /// The first executable file named `name` in the folders of `PATH`, or `nil`.
    public static func locate(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for folder in (path ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The runner that starts this configuration's processes.
    var runner: ProcessRunner { ProcessRunner(terminationGracePeriod: terminationGracePeriod) }
}
