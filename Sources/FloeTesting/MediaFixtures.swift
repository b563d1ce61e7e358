import Foundation

/// Small media files for tests, made with FFmpeg's `lavfi` sources (`testsrc2` and `sine`).
///
/// Files are made once, in ``folder``, and reused by later calls and later test runs: a fixture's name
/// says everything it is made of, and each is written whole (temporary file, then rename), so concurrent
/// test processes share them safely. Keep clips short and small; tests run on two cores.
public enum MediaFixtures {
    /// Where fixtures are written: `floe-media-fixtures` under the temporary folder.
    public static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appending(path: "floe-media-fixtures", directoryHint: .isDirectory)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Audio-only formats.
    public enum AudioFormat: String, Sendable {
        case mp3, wav
    }

    /// An MP4 clip (H.264 + AAC) of `testsrc2` and a 440 Hz sine.
    ///
    /// - Parameters:
    ///   - audio: false for a clip with no audio stream.
    ///   - rotate: display rotation stored in the file (90, 180, 270), as phones do; the coded picture
    ///     stays `width` x `height`.
    public static func clip(seconds: Double = 2, width: Int = 320, height: Int = 180, fps: Int = 25,
                            audio: Bool = true, rotate: Int? = nil) async throws -> URL {
        let name = "clip-\(seconds)s-\(width)x\(height)-\(fps)fps\(audio ? "" : "-noaudio")"
        if let rotate {
            // FFmpeg 5.1 writes the display matrix from the `rotate` tag only when copying the stream.
            let upright = try await clip(seconds: seconds, width: width, height: height, fps: fps, audio: audio)
            return try await make("\(name)-rot\(rotate).mp4") { output in
                ["-i", upright.path, "-map", "0", "-c", "copy", "-metadata:s:v:0", "rotate=\(rotate)", "-f", "mp4", output.path]
            }
        }
        return try await make("\(name).mp4") { output in
            var arguments = ["-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height):rate=\(fps):duration=\(seconds)"]
            if audio { arguments += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=\(seconds)"] }
            arguments += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", String(fps)]
            if audio { arguments += ["-c:a", "aac", "-b:a", "64k"] }
            return arguments + ["-f", "mp4", output.path]
        }
    }

    /// An HDR10-tagged clip: `testsrc2` in 10-bit HEVC (`libx265`) with BT.2020 primaries and matrix and
    /// the PQ (`smpte2084`) transfer, or HLG (`arib-std-b67`) with `hlg`; no audio.
    public static func hdrClip(seconds: Double = 1, width: Int = 320, height: Int = 180, hlg: Bool = false) async throws -> URL {
        let transfer = hlg ? "arib-std-b67" : "smpte2084"
        return try await make("hdr-\(transfer)-\(seconds)s-\(width)x\(height).mp4") { output in
            ["-f", "lavfi", "-i", "testsrc2=size=\(width)x\(height):rate=25:duration=\(seconds)",
             "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p10le",
             "-color_primaries", "bt2020", "-color_trc", transfer, "-colorspace", "bt2020nc", "-tag:v", "hvc1", "-f", "mp4", output.path]
        }
    }

    /// A PNG of one colour (an FFmpeg colour name or `0xRRGGBB`), `width` x `height`.
    public static func solidImage(color: String = "red", width: Int = 32, height: Int = 32) async throws -> URL {
        try await make("solid-\(color)-\(width)x\(height).png") { output in
            ["-f", "lavfi", "-i", "color=c=\(color):s=\(width)x\(height)", "-frames:v", "1", "-f", "image2", "-c:v", "png", output.path]
        }
    }

    /// An audio-only file of a 440 Hz sine: MP3 (`libmp3lame`) or WAV (PCM).
    public static func audioOnly(seconds: Double = 2, format: AudioFormat = .mp3) async throws -> URL {
        try await make("audio-\(seconds)s.\(format.rawValue)") { output in
            ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=\(seconds)", "-ac", "2"]
                + (format == .mp3 ? ["-c:a", "libmp3lame", "-b:a", "96k", "-f", "mp3"] : ["-c:a", "pcm_s16le", "-f", "wav"])
                + [output.path]
        }
    }

    /// An empty file named `empty.mp4`.
    public static func zeroBytes() throws -> URL {
        let url = folder.appending(path: "empty.mp4", directoryHint: .notDirectory)
        try Data().write(to: url, options: .atomic)
        return url
    }

    /// `count` bytes of seeded pseudo-random noise (the same on every run), named `noise.mp4`.
    public static func randomBytes(count: Int = 64 * 1024, seed: UInt64 = 0xF10E) throws -> URL {
        var state = seed
        var bytes = [UInt8]()
        bytes.reserveCapacity(count)
        while bytes.count < count {
            // SplitMix64.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            withUnsafeBytes(of: z.littleEndian) { bytes.append(contentsOf: $0.prefix(count - bytes.count)) }
        }
        let url = folder.appending(path: "noise-\(count)-\(seed).mp4", directoryHint: .notDirectory)
        try Data(bytes).write(to: url, options: .atomic)
        return url
    }

    /// The first 60% of a 2 s MP4 whose index (`moov`) is at the end, so the index is missing.
    public static func truncatedMP4() async throws -> URL {
        let whole = try await clip()
        let url = folder.appending(path: "truncated.mp4", directoryHint: .notDirectory)
        let data = try Data(contentsOf: whole)
        try data.prefix(data.count * 6 / 10).write(to: url, options: .atomic)
        return url
    }

    /// Runs `ffmpeg` with `arguments` (after `-hide_banner -nostdin -y -v error`).
    ///
    /// - Throws: ``FixtureError`` with FFmpeg's standard error when it fails.
    public static func ffmpeg(_ arguments: [String]) async throws {
        let log = folder.appending(path: "ffmpeg-\(UUID().uuidString).log", directoryHint: .notDirectory)
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }

        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["ffmpeg", "-hide_banner", "-nostdin", "-y", "-v", "error"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else {
            let message = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw FixtureError(message: "ffmpeg \(arguments.joined(separator: " ")) exited with status \(status): \(message)")
        }
    }

    /// Makes the fixture `name` with the FFmpeg arguments `arguments(output)` unless it exists.
    private static func make(_ name: String, _ arguments: (URL) -> [String]) async throws -> URL {
        let url = folder.appending(path: name, directoryHint: .notDirectory)
        if FileManager.default.fileExists(atPath: url.path) { return url }
        let partial = folder.appending(path: "\(UUID().uuidString)-\(name)", directoryHint: .notDirectory)
        try await ffmpeg(arguments(partial))
        // Two tests may make the same fixture at once; the rename keeps either whole file.
        guard rename(partial.path, url.path) == 0 else { throw FixtureError(message: "could not rename \(partial.path)") }
        return url
    }
}

/// A fixture could not be made.
public struct FixtureError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}
