import FloeApp
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// A Floe application on a temporary data folder.
struct AppHarness {
    /// The data folder, removed with the harness.
    let folder = TemporaryFolder("app")
    let app: FloeApplication

    init(slots: Int = 2) async throws {
        app = try await FloeApplication(configuration: FloeConfiguration(
            dataDirectory: folder.url, workerSlots: slots, leaseDuration: .seconds(30), heartbeatInterval: .milliseconds(200)
        ))
    }

    var services: [any Service] {
        var logger = Logger(label: "floe-test")
        logger.logLevel = .critical
        return app.backgroundServices(logger: logger)
    }

    /// Imports `file` and starts `template` on it.
    func start(_ template: WorkflowID, on file: URL) async throws -> TaskID {
        let media = try await app.importFile(file)
        return try await app.launcher.start(workflowID: template, input: .media(media.id), accountID: app.localAccount, now: Date()).id
    }

    /// Waits for the task to end and returns it.
    func finished(_ id: TaskID, timeout: Duration = .seconds(120)) async throws -> WorkflowTask {
        try await eventually("task \(id) ends", timeout: timeout, interval: .milliseconds(100)) {
            try await app.store.task(id)?.status.isTerminal == true
        }
        return try #require(await app.store.task(id))
    }
}


/// What `ffprobe` says of the first stream of `type` (`v` or `a`) in `file` (a path or an `http(s)` URL): `codec_name,width,height` for
/// video, `codec_name,sample_rate` for audio.
func probeStream(_ file: URL, _ type: String) async throws -> [String] {
    let entries = type == "v" ? "stream=codec_name,width,height" : "stream=codec_name,sample_rate"
    let pipe = Pipe()
    let process = Process()
    process.executableURL = URL(filePath: "/usr/bin/env")
    process.arguments = ["ffprobe", "-v", "error", "-select_streams", "\(type):0", "-show_entries", entries, "-of", "csv=p=0",
                         file.isFileURL ? file.path : file.absoluteString]
    process.standardOutput = pipe
    try process.run()
    let data = await ProcessOutput.readToEnd(pipe.fileHandleForReading)
    await ProcessOutput.waitForExit(process)
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",").map(String.init)
}
