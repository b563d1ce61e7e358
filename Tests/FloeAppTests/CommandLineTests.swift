import FloeMedia
import FloeTesting
import Foundation
import Testing

/// The `floe` executable as a user runs it: output, and exit status.
@Suite struct CommandLineTests {
    /// Holds the data folders and files the test makes, removed with it.
    let folder = TemporaryFolder("cli")

    struct Result {
        var status: Int32
        var output: String
    }

    /// Variables that choose a server or a key: the tests set them when they mean to, never the environment.
    /// Every `FLOE_` variable goes too (settings such as `FLOE_SLOTS`).
    static let clientVariables = ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"]

    /// The environment of the test process without ``clientVariables`` and `FLOE_` settings, plus `environment`.
    static func environment(_ environment: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment
            .filter { !clientVariables.contains($0.key) && !$0.key.hasPrefix("FLOE_") }
            .merging(environment) { $1 }
    }

    /// Runs `floe` with `arguments` and the test's environment less ``clientVariables`` plus `environment`;
    /// standard output and error together.
    func floe(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = try FloeProcess.binary()
        process.arguments = arguments
        process.environment = Self.environment(environment)
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = await ProcessOutput.readToEnd(pipe.fileHandleForReading)
        try await eventually("floe exits", timeout: .seconds(120)) { !process.isRunning }
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// A new data folder's path (not made) in ``folder``.
    func dataDirectory() -> String {
        folder.appending(path: "data-\(UUID().uuidString)").path
    }

    @Test func runShowsProgressAndOutputsAndSucceeds() async throws {
        let clip = try await MediaFixtures.clip(seconds: 1)
        let result = try await floe(["run", "--data-dir", dataDirectory(), "--template", "a0000000000000000000000000000003", clip.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("snapshots    Running"))
        #expect(result.output.contains("task Succeed"))
        #expect(result.output.contains("Outputs"))
        #expect(result.output.contains("/snapshots/00001.jpg"))
    }

    /// A template file (in ``folder``) of one Transcode to a 90-line H.264 MP4 named `x`, its `Video` settings
    /// followed by `video` (such as `, Hardware: auto`).
    func smallTranscodeTemplate(video: String = "") throws -> URL {
        let template = folder.appending(path: "t.yaml")
        try """
        Name: small
        Activities:
          Start: {Type: Start}
          a: {Type: Transcode, Parameters: {Outputs: [{Name: x, Container: mp4, Video: {Codec: h264, Height: 90\(video)}}]}}
          End: {Type: End}
        Dependencies: {Start: [a], a: [End]}
        """.write(to: template, atomically: true, encoding: .utf8)
        return template
    }

    /// `floe run` looks for hardware encoders (`ffmpeg -encoders`, then a trial per encoder) only for a template
    /// with a Transcode output that names `Video.Hardware`: for any other it would only add their time.
    @Test(arguments: [(hardware: "", detects: false), (hardware: ", Hardware: auto", detects: true)])
    func runLooksForHardwareOnlyWhenTheTemplateAsksForIt(hardware: String, detects: Bool) async throws {
        let ffmpeg = try LoggingTool("ffmpeg", in: folder.url)
        let template = try smallTranscodeTemplate(video: hardware)
        let clip = try await MediaFixtures.clip(seconds: 1)
        let result = try await floe(["run", "--data-dir", dataDirectory(), "--ffmpeg", ffmpeg.path, "--template", template.path, clip.path])
        #expect(result.status == 0, "\(result.output)")
        let commands = ffmpeg.runs
        #expect(commands.contains { $0.contains("-encoders") } == detects, "\(commands)")
        #expect(commands.filter { $0.contains("-progress") }.count == 1, "the transcode itself, once")
    }

    /// `floe run` reads its transcode's output with libavformat in process, not ffprobe; `--probe-library none`
    /// (or `FLOE_PROBE_LIBRARY=none`) leaves every file to ffprobe.
    @Test(arguments: [(flag: [String](), environment: [String: String](), probes: 1),
                      (flag: ["--probe-library", "none"], environment: [:], probes: 2),
                      (flag: [], environment: ["FLOE_PROBE_LIBRARY": "none"], probes: 2)])
    func runReadsItsOutputsInProcessUnlessTold(flag: [String], environment: [String: String], probes: Int) async throws {
        let ffprobe = try LoggingTool("ffprobe", in: folder.url)
        let template = try smallTranscodeTemplate()
        let clip = try await MediaFixtures.clip(seconds: 1)
        let result = try await floe(["run", "--data-dir", dataDirectory(), "--ffprobe", ffprobe.path, "--template", template.path]
                                    + flag + [clip.path], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(ffprobe.runs.count == probes, "\(ffprobe.runs)")
        #expect(result.output.contains("x.mp4"))
    }

    @Test func runExitsNonZeroWhenTheTaskFails() async throws {
        let result = try await floe(["run", "--data-dir", dataDirectory(), try MediaFixtures.randomBytes().path])
        #expect(result.status == 1)
        #expect(result.output.contains("Status      Failed - activity 'probe' failed"))
    }

    @Test func validateNamesTheFaultAndExitsNonZero() async throws {
        let file = folder.appending(path: "broken.yaml")
        try """
        Name: broken
        Activities: {Start: {Type: Start}, a: {Type: Transcode, Parameters: {Outputs: [{Name: x, Video: {Codec: h264, Height: 7}}]}}, End: {Type: End}}
        Dependencies: {Start: [a], a: [End]}
        """.write(to: file, atomically: true, encoding: .utf8)
        let result = try await floe(["templates", "validate", file.path])
        #expect(result.status != 0)
        #expect(result.output.contains("activity 'a' (Transcode): Parameters.Outputs[0].Video.Height: 7 must be even"))
    }

    @Test func badArgumentsAreRefusedWithAMessage() async throws {
        let missing = try await floe(["run", "--data-dir", dataDirectory(), "/no/such/clip.mp4"])
        #expect(missing.status != 0)
        #expect(missing.output.contains("no file at /no/such/clip.mp4"))
        let badID = try await floe(["tasks", "show", "--data-dir", dataDirectory(), "not-an-id"])
        #expect(badID.status != 0)
        #expect(badID.output.contains("not a valid task id"))
        let slots = try await floe(["serve", "--data-dir", dataDirectory(), "--slots", "65"])
        #expect(slots.status != 0)
        #expect(slots.output.contains("--slots must be between 0 and 64"))
        let noWorkers = try await floe(["run", "--data-dir", dataDirectory(), "--slots", "0"])
        #expect(noWorkers.status != 0)
        #expect(noWorkers.output.contains("floe run needs at least one slot"))
        let clip = try await MediaFixtures.clip(seconds: 1)
        let library = try await floe(["run", "--data-dir", dataDirectory(), "--probe-library", "/no/such/libavformat.so", clip.path])
        #expect(library.status != 0)
        #expect(library.output.contains("--probe-library: no file at /no/such/libavformat.so"))
        let emptyLibrary = try await floe(["run", "--data-dir", dataDirectory(), clip.path], environment: ["FLOE_PROBE_LIBRARY": ""])
        #expect(emptyLibrary.status != 0)
        #expect(emptyLibrary.output.contains("--probe-library must be a path, a file name"))
    }
}
