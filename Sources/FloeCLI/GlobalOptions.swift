import ArgumentParser
import FloeApp
import Foundation
import Logging

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data folder: database, local buckets, scratch space (default: $FLOE_DATA_DIR or ./floe-data).")
    var dataDirectory: String?

    @Option(help: "Activities this process runs at once (0: no workers, for `floe serve` as an API only).")
    var slots: Int = 2

    @Option(help: "Seconds a claimed activity stays with a worker that stops renewing its lease.")
    var lease: Double = 30

    @Option(help: "Seconds between lease renewals and progress updates (default: 5 for serve, 0.5 for run).")
    var heartbeat: Double?

    @Option(help: "The ffmpeg executable (default: $FLOE_FFMPEG, else ffmpeg on PATH).")
    var ffmpeg: String?

    @Option(help: "The ffprobe executable (default: $FLOE_FFPROBE, else ffprobe on PATH).")
    var ffprobe: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    func validate() throws {
        guard (0...64).contains(slots) else { throw ValidationError("--slots must be between 0 and 64") }
        guard let heartbeat else { return }
        guard heartbeat >= 0.1, lease >= 2 * heartbeat, lease <= 3600 else {
            throw ValidationError("--heartbeat must be at least 0.1 s and --lease at least twice --heartbeat (and at most 3600 s)")
        }
    }

    /// The configuration these options (and the `FLOE_*` environment) give; `heartbeat` applies when
    /// `--heartbeat` is not given.
    func configuration(heartbeat defaultHeartbeat: Double = 5) throws -> FloeConfiguration {
        let heartbeat = self.heartbeat ?? min(defaultHeartbeat, lease / 2)
        let environment = ProcessInfo.processInfo.environment
        let path = dataDirectory ?? environment["FLOE_DATA_DIR"] ?? "floe-data"
        return FloeConfiguration(
            dataDirectory: URL(filePath: path, directoryHint: .isDirectory), workerSlots: slots,
            leaseDuration: .milliseconds(Int64(lease * 1000)), heartbeatInterval: .milliseconds(Int64(heartbeat * 1000)),
            ffmpegPath: ffmpeg ?? environment["FLOE_FFMPEG"], ffprobePath: ffprobe ?? environment["FLOE_FFPROBE"],
            s3: try S3Backend(environment: environment)
        )
    }

    /// A logger writing to standard error at `--log-level`, or `fallback`.
    func logger(_ label: String, fallback: Logger.Level) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = logLevel ?? fallback
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
