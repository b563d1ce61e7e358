import Foundation

/// Where the `ffmpeg` and `ffprobe` binaries are, and how their processes are stopped.
public struct FFmpegConfiguration: Hashable, Sendable {
    /// Path of `ffmpeg`, or a bare name looked up on `PATH` when it runs.
    public var ffmpegPath: String
    /// Path of `ffprobe`, or a bare name looked up on `PATH` when it runs.
    public var ffprobePath: String
    /// How long a process has to exit after `SIGTERM` before it gets `SIGKILL`.
    public var terminationGracePeriod: Duration
    /// How long an `ffmpeg` may go without writing a progress line (it writes one every half second while it
    /// works) before it is killed and its attempt fails as transient, to be retried; `nil`: never.
    public var stallTimeout: Duration?
    /// Where ``FFprobe`` shares readings of local files (``ProbeCache/shared`` unless set; `nil`: none).
    public var probeCache: ProbeCache? = .shared
    /// The libavformat that reads, in Floe's process, the files Floe's FFmpeg encoded (``FFprobe/Origin``):
    /// ``LibavProbe/defaultLibrary`` unless set; `nil`: `ffprobe` reads every file.
    public var probeLibrary: String? = LibavProbe.defaultLibrary

    /// - Parameters:
    ///   - ffmpegPath: defaults to the first `ffmpeg` on `PATH`.
    ///   - ffprobePath: defaults to the first `ffprobe` on `PATH`.
    public init(ffmpegPath: String? = nil, ffprobePath: String? = nil, terminationGracePeriod: Duration = .seconds(3),
                stallTimeout: Duration? = .seconds(60)) {
        self.ffmpegPath = ffmpegPath ?? Self.locate("ffmpeg") ?? "ffmpeg"
        self.ffprobePath = ffprobePath ?? Self.locate("ffprobe") ?? "ffprobe"
        self.terminationGracePeriod = terminationGracePeriod
        self.stallTimeout = stallTimeout
    }

    /// The first executable file named `name` in the folders of `PATH`, or `nil`.
    public static func locate(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        for folder in (path ?? "").split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The runner that starts this configuration's processes; one that stops a process silent for
    /// ``stallTimeout`` when `watchingForStalls` (for `ffmpeg -progress`; `ffprobe` writes nothing until its end).
    func runner(watchingForStalls: Bool) -> ProcessRunner {
        ProcessRunner(terminationGracePeriod: terminationGracePeriod, stallTimeout: watchingForStalls ? stallTimeout : nil)
    }
}
