import FloeCore
import FloeTesting
import Foundation
import Testing

/// `floe upload` as a user runs it: into a bound folder of a running `floe serve`, and refusing bad input.
@Suite struct UploadCommandTests {
    let cli = CommandLineTests()

    /// The task lines of `floe tasks list` (each starts with a TaskId).
    func taskLines(_ data: String) async throws -> [Substring] {
        let listed = try await cli.floe(["tasks", "list", "--data-dir", data])
        return listed.output.split(separator: "\n").filter { TaskID.isValid(String($0.prefix(32))) }
    }

    @Test func anUploadIntoABoundFolderOfARunningServerStartsOneTaskThatSucceeds() async throws {
        let data = cli.dataDirectory()
        let serve = try await ClientCommandLineTests.Serve(data: data)
        let template = URL(filePath: data).appending(path: "drop.yaml")
        try """
            Name: drop
            Activities:
              Start: {Type: Start, Parameters: {InputLocation: "oss://drop/in/", TriggerMode: Automatic}}
              probe: {Type: MediaInfo}
              End: {Type: End}
            Dependencies: {Start: [probe], probe: [End]}
            """.write(to: template, atomically: true, encoding: .utf8)
        let applied = try await cli.floe(["templates", "apply", template.path, "--data-dir", data])
        #expect(applied.status == 0, "\(applied.output)")

        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        let uploaded = try await cli.floe(["upload", clip.path, "oss://drop/in/clip.mp4", "--data-dir", data])
        #expect(uploaded.status == 0, "\(uploaded.output)")
        let size = try Data(contentsOf: clip).count
        #expect(uploaded.output.hasPrefix("oss://drop/in/clip.mp4  \(size) bytes  ETag "), "\(uploaded.output)")
        let stored = URL(filePath: data).appending(path: "storage/drop/in/clip.mp4")
        #expect(try Data(contentsOf: stored) == Data(contentsOf: clip))

        try await eventually("the uploaded clip's task succeeds", timeout: .seconds(120), interval: .milliseconds(300)) {
            try await taskLines(data).contains { $0.contains("Succeed") }
        }
        let lines = try await taskLines(data)
        #expect(lines.count == 1, "\(lines)\n\(serve.logText)")
        #expect(lines.first?.hasSuffix("drop") == true)
        try await serve.stop()
    }

    @Test func aPrefixTakesTheFileNameAndNoDatabaseIsOpened() async throws {
        let data = cli.dataDirectory()
        let file = cli.folder.appending(path: "upload.wav")
        try Data(repeating: 3, count: 1000).write(to: file)
        let uploaded = try await cli.floe(["upload", file.path, "oss://uploads/audio/", "--data-dir", data])
        #expect(uploaded.status == 0, "\(uploaded.output)")
        #expect(uploaded.output.hasPrefix("oss://uploads/audio/\(file.lastPathComponent)  1000 bytes  ETag "), "\(uploaded.output)")
        let stored = URL(filePath: data).appending(path: "storage/uploads/audio/\(file.lastPathComponent)")
        #expect(try Data(contentsOf: stored) == Data(repeating: 3, count: 1000))
        #expect(!FileManager.default.fileExists(atPath: URL(filePath: data).appending(path: "floe.sqlite").path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: URL(filePath: data).appending(path: "storage/.tmp").path)
        #expect(leftovers.isEmpty, "the temporary copy was renamed into place")
    }

    @Test func badInputIsRefusedWithAMessage() async throws {
        let data = cli.dataDirectory()
        let file = cli.folder.appending(path: "upload.mp4")
        try Data(repeating: 1, count: 10).write(to: file)
        let cases: [(arguments: [String], message: String)] = [
            (["/no/such/clip.mp4", "oss://uploads/a.mp4"], "no file at /no/such/clip.mp4"),
            ([cli.folder.path, "oss://uploads/a.mp4"], "is a directory, not a file"),
            ([file.path, "s3://uploads/a.mp4"], "is not a storage location: expected oss://bucket/key"),
            ([file.path, "oss://UP/a.mp4"], "is not a valid bucket name"),
            ([file.path, "oss://uploads/../a.mp4"], "has a '..' segment"),
        ]
        for (arguments, message) in cases {
            let result = try await cli.floe(["upload"] + arguments + ["--data-dir", data])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.output.contains(message), "\(arguments): \(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: URL(filePath: data).appending(path: "storage/uploads").path))
    }

    @Test func anOutOfRangeS3PollIntervalIsRefused() async throws {
        let result = try await cli.floe(["serve", "--port", "0", "--data-dir", cli.dataDirectory(), "--s3-poll-interval", "0.01"])
        #expect(result.status != 0)
        #expect(result.output.contains("--s3-poll-interval must be between 0.05 and 3600 seconds"), "\(result.output)")
    }
}
