import FloeCore
import FloeEngine
@testable import FloeMedia
import FloeTesting
import Foundation
import Testing

/// The in-process reader against `ffprobe`: the same reading of every kind of file Floe writes, and the files
/// it reads (only Floe's own encodes, falling back to `ffprobe`).
@Suite struct LibavProbeTests {
    /// The kinds of file ``fixture(_:in:)`` makes: every container and codec Floe's activities write, and a
    /// few whose fields are easy to get wrong (display rotation, anamorphic pixels, HDR, subtitles, cover art).
    static let kinds = [
        "mp4", "rotated", "anamorphic", "hdr", "mov", "mkv-subtitles", "webm", "flv", "ts", "hls", "hls-fmp4", "dash",
        "mp3", "m4a-cover", "wav", "ogg", "png", "jpg", "gif",
    ]

    /// One kind at a time: 19 FFmpeg encodes at once would take both cores from the rest of the test run.
    @Test(.serialized, arguments: kinds)
    func readsAsFFprobeDoes(kind: String) async throws {
        let folder = TemporaryFolder("libav-probe")
        let file = try await Self.fixture(kind, in: folder)
        let libav = try await Self.library()
        let fromLibrary = try JSONValue(jsonText: try await libav.read(file.path))
        let fromFFprobe = try JSONValue(jsonText: try await Self.ffprobe(file.path))

        // Every field the library writes, ffprobe writes the same.
        Self.expectSameFields(fromLibrary, fromFFprobe, in: kind)

        // And so the readings Floe reports are the same.
        let library = try #require(MediaProbe(ffprobeJSON: try await libav.read(file.path), fileName: "f"))
        let ffprobe = try #require(MediaProbe(ffprobeJSON: try await Self.ffprobe(file.path), fileName: "f"))
        #expect(library == ffprobe)
    }

    @Test func filesEncodedByFloeAreReadWithoutFFprobe() async throws {
        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        var configuration = FFmpegConfiguration(ffprobePath: "/nonexistent/ffprobe")
        configuration.probeCache = nil
        let ffprobe = FFprobe(configuration: configuration)
        let probe = try await ffprobe.probe(clip, name: "out.mp4", origin: .encodedByFloe)
        #expect(probe.info.fileBasicInfo.width == "160")
        #expect(probe.audio?.codecName == "aac")
        await #expect(throws: (any Error).self, "a file from outside is read by ffprobe") {
            try await ffprobe.probe(clip, name: "in.mp4", origin: .outside)
        }
    }

    @Test func aLibraryThatDoesNotLoadLeavesTheReadingToFFprobe() async throws {
        let folder = TemporaryFolder("libav-probe")
        let wrapper = try LoggingTool("ffprobe", in: folder.url)
        #expect(throws: LibavProbe.LoadError.self) { try LibavProbe(library: "libavformat-floe-missing.so.0") }
        // A library that loads but is not libavformat.
        let notLibav = #expect(throws: LibavProbe.LoadError.self) { try LibavProbe(library: "libz.so.1") }
        #expect(notLibav?.message.contains("has no avformat_version") == true, "\(String(describing: notLibav))")

        var configuration = FFmpegConfiguration(ffprobePath: wrapper.path)
        configuration.probeCache = nil
        configuration.probeLibrary = "libavformat-floe-missing.so.0"
        let probe = try await FFprobe(configuration: configuration).probe(
            try await MediaFixtures.clip(seconds: 1, width: 160, height: 90), name: "out.mp4", origin: .encodedByFloe)
        #expect(probe.info.fileBasicInfo.height == "90")
        #expect(wrapper.runs.count == 1)
    }

    @Test func aFileTheLibraryCannotReadGetsFFprobesVerdict() async throws {
        let folder = TemporaryFolder("libav-probe")
        let wrapper = try LoggingTool("ffprobe", in: folder.url)
        let noise = try MediaFixtures.randomBytes()
        let libav = try await Self.library()
        await #expect(throws: LibavProbe.ReadError.self) { try await libav.read(noise.path) }

        var configuration = FFmpegConfiguration(ffprobePath: wrapper.path)
        configuration.probeCache = nil
        let error = await activityError {
            try await FFprobe(configuration: configuration).probe(noise, name: "output 'o'", origin: .encodedByFloe)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("output 'o'") == true)
        #expect(wrapper.runs.count == 1)
    }

    @Test func opensNothingButFiles() async throws {
        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        // The same file through another of libav's protocols: ffprobe reads it; the library opens only files.
        let throughSubfile = "subfile,,start,0,end,0,,:\(clip.path)"
        _ = try await Self.ffprobe(throughSubfile)
        let libav = try await Self.library()
        await #expect(throws: LibavProbe.ReadError.self) { try await libav.read(throughSubfile) }
        await #expect(throws: LibavProbe.ReadError.self) { try await libav.read("http://127.0.0.1:9/clip.mp4") }
        _ = try await libav.read(clip.path)
    }

    /// Transcode reads its encoded outputs in process and its copied ones with ffprobe, and reports both as
    /// ffprobe reads them.
    @Test func transcodeReadsOnlyItsOwnEncodesInProcess() async throws {
        let bed = try MediaTestBed()
        let wrapper = try LoggingTool("ffprobe", in: bed.root)
        var configuration = FFmpegConfiguration(ffprobePath: wrapper.path)
        configuration.probeCache = nil
        let stored = try await bed.put(try await MediaFixtures.clip(seconds: 1))
        let parameters = TranscodeParameters(outputs: [
            TranscodeOutput(name: "encoded", container: .mp4, video: VideoSettings(codec: .h264, height: 90, preset: "ultrafast")),
            TranscodeOutput(name: "copied", container: .mkv, video: VideoSettings(codec: .copy), audio: AudioSettings(codec: .copy)),
        ])
        let context = try bed.context(input: stored, encoding: parameters, activityName: "t")
        let result = try await TranscodeActivity(objectStore: bed.store, configuration: configuration).run(context: context)

        let runs = wrapper.runs
        #expect(runs.count == 2, "the input and the copied output")
        #expect(runs.contains { $0.contains("copied.mkv") })
        #expect(!runs.contains { $0.contains("encoded.mp4") })
        for file in result.files {
            #expect(file.info == (try await bed.probe(file.location)).info.describing(file.location, as: .transcodeFile))
        }
    }

    // MARK: - Helpers

    /// The library Floe was built against, loaded off the cooperative pool (a `dlopen` takes 25 ms).
    static func library() async throws -> LibavProbe {
        let name = try #require(LibavProbe.defaultLibrary, "Floe was built without libavformat's headers")
        return try #require(await LibavProbe.loaded(name), "\(name) does not load")
    }

    /// Each field of `mine` has the same value in `theirs`, in nested objects and arrays too: ffprobe writes
    /// more fields than the library (every disposition, the display matrix), never others.
    static func expectSameFields(_ mine: JSONValue, _ theirs: JSONValue?, in place: String) {
        switch mine {
        case .object(let fields):
            for (key, value) in fields { expectSameFields(value, theirs?[key], in: "\(place).\(key)") }
        case .array(let items):
            let other = theirs?.arrayValue ?? []
            #expect(items.count == other.count, "\(place)")
            for (index, (item, theirs)) in zip(items, other).enumerated() { expectSameFields(item, theirs, in: "\(place)[\(index)]") }
        default:
            #expect(mine == theirs, "\(place)")
        }
    }

    /// ffprobe's JSON for the file at `path`, as ``FFprobe`` asks for it.
    static func ffprobe(_ path: String) async throws -> String {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["ffprobe", "-hide_banner", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-i", path]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = await ProcessOutput.readToEnd(output.fileHandleForReading)
        await ProcessOutput.waitForExit(process)
        guard process.terminationStatus == 0 else { throw FixtureError(message: "ffprobe failed on \(path)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// A file of `kind` (one of ``kinds``) in `folder`; for a playlist or manifest, its path.
    static func fixture(_ kind: String, in folder: TemporaryFolder) async throws -> URL {
        let video = ["-f", "lavfi", "-i", "testsrc2=size=160x90:rate=25:duration=2"]
        let audio = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=2"]
        let h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "25"]
        let file: (String) -> URL = { folder.appending(path: $0) }
        let arguments: [String]
        let result: URL
        switch kind {
        case "mp4", "mov", "flv", "ts":
            result = file("clip.\(kind)")
            arguments = video + audio + h264 + ["-c:a", "aac", "-b:a", "64k", "-shortest", result.path]
        case "rotated":
            return try await MediaFixtures.clip(seconds: 1, width: 160, height: 90, rotate: 90)
        case "anamorphic":
            result = file("anamorphic.mp4")
            arguments = video + ["-vf", "setsar=4/3"] + h264 + [result.path]
        case "hdr":
            return try await MediaFixtures.hdrClip(width: 160, height: 90)
        case "mkv-subtitles":
            let subtitles = file("captions.srt")
            try "1\n00:00:00,000 --> 00:00:01,000\nhello\n".write(to: subtitles, atomically: true, encoding: .utf8)
            result = file("subtitled.mkv")
            arguments = video + audio + ["-i", subtitles.path, "-map", "0", "-map", "1", "-map", "2"] + h264
                + ["-c:a", "aac", "-c:s", "srt", "-metadata:s:a:0", "language=eng", "-metadata:s:s:0", "language=fre", "-shortest", result.path]
        case "webm":
            result = file("clip.webm")
            arguments = video + audio + ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "200k", "-c:a", "libopus", "-shortest", result.path]
        case "hls", "hls-fmp4":
            result = file("\(kind)/main.m3u8")
            try FileManager.default.createDirectory(at: result.deletingLastPathComponent(), withIntermediateDirectories: true)
            arguments = video + audio + h264 + ["-c:a", "aac", "-shortest", "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod"]
                + (kind == "hls-fmp4" ? ["-hls_segment_type", "fmp4"] : []) + [result.path]
        case "dash":
            result = file("dash/main.mpd")
            try FileManager.default.createDirectory(at: result.deletingLastPathComponent(), withIntermediateDirectories: true)
            arguments = video + audio + h264 + ["-c:a", "aac", "-shortest", "-f", "dash", "-seg_duration", "1", result.path]
        case "mp3":
            return try await MediaFixtures.audioOnly(seconds: 1, format: .mp3)
        case "wav":
            return try await MediaFixtures.audioOnly(seconds: 1, format: .wav)
        case "m4a-cover":
            let cover = try await MediaFixtures.solidImage(color: "blue", width: 64, height: 64)
            result = file("cover.m4a")
            arguments = audio + ["-i", cover.path, "-map", "0", "-map", "1", "-c:a", "aac", "-c:v", "png", "-disposition:v", "attached_pic",
                                 "-metadata", "title=Floe", result.path]
        case "ogg":
            result = file("clip.ogg")
            arguments = audio + ["-c:a", "libvorbis", result.path]
        case "png", "jpg", "gif":
            result = file("frame.\(kind)")
            arguments = video + ["-frames:v", "1", result.path]
        default:
            throw FixtureError(message: "no fixture \(kind)")
        }
        try await MediaFixtures.ffmpeg(arguments)
        return result
    }
}
