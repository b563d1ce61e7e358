import FloeTesting
import Foundation

/// Facts about media files that ffprobe's summary does not give: a pixel's colour, loudness, a stream's
/// colour properties. Each runs `ffmpeg` or `ffprobe` and reads what it prints.
enum MediaMeasurements {
    /// Runs `/usr/bin/env <tool> arguments`; returns standard output and standard error.
    static func run(_ tool: String, _ arguments: [String]) async throws -> (output: Data, error: String) {
        let folder = TemporaryFolder("measure")
        let log = folder.appending(path: "\(tool).log", directoryHint: .notDirectory)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = handle
        try process.run()
        // Standard output is small (a pixel, a few numbers); standard error goes to a file, so neither blocks.
        let data = await ProcessOutput.readToEnd(output.fileHandleForReading)
        await ProcessOutput.waitForExit(process)
        let error = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw MeasurementError( "\(tool) \(arguments.joined(separator: " ")) failed: \(error)")
        }
        return (data, error)
    }

    /// The RGB colour of the pixel at (`x`, `y`) of the frame at `time` seconds.
    static func pixel(_ file: URL, x: Int, y: Int, time: Double = 0.5) async throws -> (red: Int, green: Int, blue: Int) {
        let (data, _) = try await run("ffmpeg", ["-hide_banner", "-nostdin", "-v", "error", "-ss", String(time), "-i", file.path,
                                                 "-vf", "format=rgb24,crop=1:1:\(x):\(y)", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        let bytes = [UInt8](data)
        guard bytes.count >= 3 else { throw MeasurementError( "no pixel read from \(file.lastPathComponent)") }
        return (Int(bytes[0]), Int(bytes[1]), Int(bytes[2]))
    }

    /// Integrated loudness (LUFS) of the first audio stream, by FFmpeg's `ebur128`.
    static func loudness(_ file: URL) async throws -> Double {
        let (_, log) = try await run("ffmpeg", ["-hide_banner", "-nostdin", "-nostats", "-i", file.path, "-map", "0:a:0", "-af", "ebur128", "-f", "null", "-"])
        // The summary's last "I:   -23.0 LUFS" line.
        guard let line = log.split(separator: "\n").last(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("I:") }),
              let value = line.split(separator: " ").compactMap({ Double($0) }).first
        else { throw MeasurementError( "no loudness in ebur128's summary") }
        return value
    }

    /// `ffprobe -show_entries stream=<entry>` of the first video stream.
    static func videoEntry(_ file: URL, _ entry: String) async throws -> String {
        let (data, _) = try await run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=\(entry)", "-of", "default=nw=1:nk=1", file.path])
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Width and height of an image or the first video stream.
    static func size(_ file: URL) async throws -> (width: Int, height: Int) {
        let text = try await videoEntry(file, "width,height")
        let numbers = text.split(whereSeparator: \.isNewline).compactMap { Int($0) }
        guard numbers.count == 2 else { throw MeasurementError( "no size for \(file.lastPathComponent): \(text)") }
        return (numbers[0], numbers[1])
    }
}

/// A measurement could not be made.
struct MeasurementError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
