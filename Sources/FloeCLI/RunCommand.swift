import ArgumentParser
import FloeApp
import FloeClient
import FloeCore
import FloeEngine
import Foundation
import ServiceLifecycle

/// `floe run`: imports one file, runs a template on it to the end with live progress, prints the outputs.
///
/// It runs an engine of its own on purpose (the task is done when the command returns); progress and the
/// report come through the API in-process, signed with the data folder's root key, like every client command's.
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

    func validate() throws {
        guard try options.resolved().slots > 0 || detach else { throw ValidationError("floe run needs at least one slot (--slots)") }
    }

    func run() async throws {
        let logger = options.logger("floe", fallback: .error)
        let configuration = try options.configuration(heartbeat: 0.5)
        // The input's probe starts now, while the store opens and the file is imported: the import lets the stored
        // copy share its reading, so the task's first activity does not wait for a probe of its own.
        async let probedAhead: Void = FloeApplication.probeAhead(file.map { URL(filePath: $0) }, configuration: configuration)
        let app = try await FloeApplication(configuration: configuration)
        let template = try await app.template(self.template)
        let input = try await inputFile(app)
        let media = try await app.importFile(input)
        let task = try await app.launcher.start(workflowID: template.id, input: .media(media.id), accountID: app.localAccount, now: Date())
        if detach {
            print(task.id)
            return
        }
        print("Task \(task.id): \(template.name) on \(input.lastPathComponent)")
        _ = try await app.ensureRootKey()
        let credentials = try CredentialsFile.load(app.credentialsFile).credentials(profile: Credentials.defaultProfile)
        let session = ClientSession.inProcess(app, credentials: credentials, json: false, logger: options)
        let store = app.store
        // Wakes as soon as an activity ends here, or after the interval for progress.
        let watcher = TaskWatcher(client: session.client, taskID: task.id.rawValue, interval: .milliseconds(250),
                                  pause: { await store.waitForWork(timeout: $0) })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            // Looking for hardware encoders runs FFmpeg a few times (about 0.5 s): only for a template that would use one.
            services: app.backgroundServices(
                logger: logger,
                detectingHardware: app.configuration.detectHardware && template.topology.activities.values.contains(where: \.asksForHardware)
            ).map { .init(service: $0) }
                + [.init(service: watcher, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        try await group.run()
        await probedAhead
        let finished = try WorkflowTaskInfo(getWorkflowTaskAnswer: try await session.call("GetWorkflowTask", ["TaskId": task.id.rawValue]))
        TaskReport(task: finished, localPath: session.localPath).print()
        if finished.taskStatus != .succeed {
            if finished.taskStatus?.isTerminal != true {
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
