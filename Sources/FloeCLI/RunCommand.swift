import ArgumentParser
import FloeApp
import FloeCore
import Foundation
import ServiceLifecycle

/// `floe run`: imports one file, runs a template on it to the end with live progress, prints the outputs.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a workflow template on one file, showing progress, then print its outputs.",
        discussion: """
        Without a file, a 10-second 720p sample clip is made with FFmpeg. Exits non-zero when the task does not succeed.
        """
    )

    @Option(name: .shortAndLong, help: "A WorkflowId or a template file (JSON or YAML). Default: the MP4 renditions + cover system template.")
    var template: String = SystemTemplates.mp4RenditionsID.rawValue

    @Flag(help: "Start the task and print its TaskId without running it; a running `floe serve` picks it up.")
    var detach = false

    @Argument(help: "The media file to process.")
    var file: String?

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let logger = options.logger("floe", fallback: .error)
        let app = try await FloeApplication(configuration: options.configuration(heartbeat: 0.5))
        let template = try await app.template(self.template)
        let input = try await inputFile(app)
        let media = try await app.importFile(input)
        let task = try await app.launcher.start(workflowID: template.id, input: .media(media.id), accountID: app.localAccount, now: Date())
        if detach {
            print(task.id)
            return
        }
        print("Task \(task.id): \(template.name) on \(input.lastPathComponent)")
        let watcher = TaskWatcher(store: app.store, taskID: task.id)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: app.workerServices(logger: logger).map { .init(service: $0) }
                + [.init(service: watcher, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
        guard let finished = try await app.store.task(task.id) else { throw ExitCode.failure }
        try await TaskReport(app: app).print(finished)
        if finished.status != .succeed {
            if !finished.status.isTerminal {
                print("Stopped before the end; `floe serve` on the same data folder finishes the task.")
            }
            throw ExitCode.failure
        }
    }

    private func inputFile(_ app: FloeApplication) async throws -> URL {
        if let file { return URL(filePath: file) }
        let sample = app.configuration.dataDirectory.appending(path: "samples/sample-720p.mp4")
        if !FileManager.default.fileExists(atPath: sample.path) {
            print("No file given: making a 10-second 1280x720 sample clip with FFmpeg at \(sample.path)")
            try await app.makeSampleClip(at: sample)
        }
        return sample
    }
}
