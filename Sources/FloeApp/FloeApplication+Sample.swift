import FloeCore
import FloeMedia
import Foundation

extension FloeApplication {
    /// Makes a 10-second 1280x720 H.264/AAC clip (FFmpeg's `testsrc2` picture and a 440 Hz tone) at `file`.
    public func makeSampleClip(at file: URL, seconds: Int = 10) async throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = file.deletingLastPathComponent().appending(path: ".\(file.lastPathComponent).partial.mp4")
        let ffmpeg = configuration.ffmpeg
        let outcome = try await ProcessRunner(terminationGracePeriod: ffmpeg.terminationGracePeriod).run(ffmpeg.ffmpegPath, arguments: [
            "-hide_banner", "-nostdin", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=\(seconds)",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=\(seconds)",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k",
            "-shortest", partial.path,
        ])
        guard outcome.termination.isSuccess else {
            try? FileManager.default.removeItem(at: partial)
            throw FloeError(.invalidParameter, "ffmpeg could not make the sample clip (\(outcome.termination)): \(outcome.standardErrorTail)")
        }
        guard rename(partial.path, file.path) == 0 else {
            throw FloeError(.storage, "could not move the sample clip into place: \(String(cString: strerror(errno)))")
        }
    }
}
