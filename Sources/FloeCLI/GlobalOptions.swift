import ArgumentParser
import FloeApp
import FloeMedia
import Foundation
import Logging

/// Options every command that opens a data folder takes. Each left out comes from the environment or the
/// configuration file (``Settings``), else its default.
struct GlobalOptions: ParsableArguments {
    @Option(help: "A YAML file of settings, used for every option not given (default: $FLOE_CONFIG); see docs/CONFIGURATION.md.")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Data folder: database, local buckets, scratch space (default: ./floe-data).")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"),
            help: "A PostgreSQL database for the store instead of the data folder's SQLite file: postgres://user:password@host:port/database (default: none).")
    var databaseURL: String?

    @Option(help: "Activities this process runs at once (default 2; 0: no workers, for `floe serve` as an API only).")
    var slots: Int?

    @Option(help: "Seconds a claimed activity stays with a worker that stops renewing its lease (default 30).")
    var lease: Double?

    @Option(help: "Seconds between lease renewals and progress updates (default: 5 for serve, 0.5 for run).")
    var heartbeat: Double?

    @Option(help: "The ffmpeg executable (default: ffmpeg on PATH).")
    var ffmpeg: String?

    @Option(help: "The ffprobe executable (default: ffprobe on PATH).")
    var ffprobe: String?

    @Option(help: "The libavformat that reads the files Floe's ffmpeg encoded, in Floe's process (default: the one Floe was built against; none: ffprobe reads every file).")
    var probeLibrary: String?

    @Option(help: "Seconds an ffmpeg may write no progress before it is killed and its attempt retried (default 60; 0: never).")
    var stallTimeout: Double?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level?

    @Flag(inversion: .prefixedNo,
          help: "Look for hardware video encoders (NVENC, VA-API, QSV) when the workers start (default: on).")
    var hardware: Bool?

    /// These options with the environment and the configuration file filled in.
    struct Resolved {
        var settings: Settings
        var dataDirectory: String
        var databaseURL: String?
        var slots: Int
        var lease: Double
        var heartbeat: Double?
        var ffmpeg: String?
        var ffprobe: String?
        var probeLibrary: String
        var stallTimeout: Double
        var logLevel: Logger.Level?
        var hardware: Bool
    }

    /// The options, each from its flag, else the environment, else the configuration file, else its default;
    /// checked.
    func resolved() throws -> Resolved {
        let settings = try Settings.load(config: config)
        let resolved = Resolved(
            settings: settings,
            dataDirectory: try settings.value("data-dir", flag: dataDirectory, default: "floe-data"),
            databaseURL: try settings.value("database-url", flag: databaseURL),
            slots: try settings.value("slots", flag: slots, default: 2),
            lease: try settings.value("lease", flag: lease, default: 30),
            heartbeat: try settings.value("heartbeat", flag: heartbeat),
            ffmpeg: try settings.value("ffmpeg", flag: ffmpeg),
            ffprobe: try settings.value("ffprobe", flag: ffprobe),
            probeLibrary: try settings.value("probe-library", flag: probeLibrary, default: LibavProbe.defaultLibrary ?? "none"),
            stallTimeout: try settings.value("stall-timeout", flag: stallTimeout, default: 60),
            logLevel: try settings.value("log-level", flag: logLevel),
            hardware: try settings.value("hardware", flag: hardware, default: true))
        guard (0...64).contains(resolved.slots) else { throw ValidationError("--slots must be between 0 and 64") }
        // A file name is looked up by the dynamic loader when first needed (and, missing, leaves every reading to
        // ffprobe); a path must name a file now, or a typo would go unnoticed.
        if resolved.probeLibrary.contains("/"), !FileManager.default.fileExists(atPath: resolved.probeLibrary) {
            throw ValidationError("--probe-library: no file at \(resolved.probeLibrary) (a path, a file name such as libavformat.so.59, or none)")
        }
        guard !resolved.probeLibrary.isEmpty else {
            throw ValidationError("--probe-library must be a path, a file name such as libavformat.so.59, or none")
        }
        guard resolved.stallTimeout == 0 || (1...86400).contains(resolved.stallTimeout) else {
            throw ValidationError("--stall-timeout must be 0 (never) or between 1 and 86400 seconds")
        }
        if let heartbeat = resolved.heartbeat {
            guard heartbeat >= 0.1, resolved.lease >= 2 * heartbeat, resolved.lease <= 3600 else {
                throw ValidationError("--heartbeat must be at least 0.1 s and --lease at least twice --heartbeat (and at most 3600 s)")
            }
        }
        return resolved
    }

    func validate() throws {
        _ = try resolved()
    }

    /// The configuration these options (with the environment and the configuration file) give;
    /// `heartbeat` applies when no heartbeat is set.
    func configuration(heartbeat defaultHeartbeat: Double = 5) throws -> FloeConfiguration {
        let options = try resolved()
        let heartbeat = options.heartbeat ?? min(defaultHeartbeat, options.lease / 2)
        var configuration = FloeConfiguration(
            dataDirectory: URL(filePath: options.dataDirectory, directoryHint: .isDirectory), workerSlots: options.slots,
            leaseDuration: .milliseconds(Int64(options.lease * 1000)), heartbeatInterval: .milliseconds(Int64(heartbeat * 1000)),
            ffmpegPath: options.ffmpeg, ffprobePath: options.ffprobe,
            s3: try S3Backend(environment: options.settings.s3Environment)
        )
        configuration.databaseURL = options.databaseURL
        configuration.detectHardware = options.hardware
        configuration.probeLibrary = options.probeLibrary == "none" ? nil : options.probeLibrary
        configuration.stallTimeout = options.stallTimeout == 0 ? nil : .milliseconds(Int64(options.stallTimeout * 1000))
        return configuration
    }

    /// A logger writing to standard error at the log level set, or `fallback`.
    func logger(_ label: String, fallback: Logger.Level) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = (try? resolved().logLevel) ?? fallback
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
