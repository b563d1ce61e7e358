import ArgumentParser
import FloeApp
import ServiceLifecycle

/// `floe serve`: runs the engine until SIGTERM or SIGINT, then hands running activities back and exits.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Floe's workers on the data folder until stopped (SIGTERM/SIGINT stop gracefully)."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let logger = options.logger("floe", fallback: .info)
        let app = try await FloeApplication(configuration: options.configuration())
        if let file = try await app.ensureRootKey() {
            logger.notice("made the root AccessKey of account \(app.localAccount); it is in \(file.path) (readable by you only)")
        }
        logger.info("floe serving", metadata: ["data": "\(app.configuration.dataDirectory.path)", "slots": "\(app.configuration.workerSlots)"])
        let group = ServiceGroup(
            services: app.workerServices(logger: logger),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        try await group.run()
    }
}
