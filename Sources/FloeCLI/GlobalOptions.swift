import ArgumentParser
import FloeApp
import Foundation
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data folder: database, local buckets, scratch space (default: $FLOE_DATA_DIR or ./floe-data).")
    var dataDirectory: String?

    @Option(help: "Activities this process runs at once.")
    var slots: Int = 2

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    func validate() throws {
        guard (1...64).contains(slots) else { throw ValidationError("--slots must be between 1 and 64") }
    }

    var configuration: FloeConfiguration {
        let path = dataDirectory ?? ProcessInfo.processInfo.environment["FLOE_DATA_DIR"] ?? "floe-data"
        return FloeConfiguration(dataDirectory: URL(filePath: path, directoryHint: .isDirectory), workerSlots: slots)
    }

    /// A logger writing to standard error at `--log-level`, or `fallback`.
    func logger(_ label: String, fallback: Logger.Level) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel ?? fallback
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
