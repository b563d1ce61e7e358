import ArgumentParser
import FloeApp
import FloeClient
import FloeNotify
import Foundation
import ServiceLifecycle

/// `floe serve`: runs the API and the engine until SIGTERM or SIGINT, then hands running activities back and
/// exits. While it listens, `<data>/server.json` tells client commands on the same data folder where it is.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Floe's API and workers on the data folder until stopped (SIGTERM/SIGINT stop gracefully).",
        discussion: """
            --roles picks what this process does: api (the IMS API, and the S3 endpoint with --s3-port), worker \
            (activities), watcher (bound locations), notifier (callbacks); all of them by default, api alone with \
            --slots 0. Every process answers /healthz, /readyz and /metrics on --port.
            """
    )

    @Option(help: "What this process does, comma-separated: api, worker, watcher, notifier (default: all; with --slots 0, api).")
    var roles: String?

    @OptionGroup var serve: ServeOptions

    func validate() throws {
        let roles = try self.chosenRoles()
        if roles.contains(.worker), try serve.options.resolved().slots == 0 {
            throw ValidationError("--roles worker needs --slots of at least 1")
        }
    }

    /// `--roles` (or its setting), or the default: every role, or `api` alone with `--slots 0`.
    func chosenRoles() throws -> Set<Role> {
        let options = try serve.options.resolved()
        guard let (text, source) = roles.map({ ($0, "--roles") }) ?? options.settings.text("roles") else {
            return options.slots == 0 ? [.api] : Set(Role.allCases)
        }
        do {
            return try Role.list(text)
        } catch {
            throw ValidationError("\(source): \(error)")
        }
    }

    func run() async throws {
        try await serve.run(roles: try chosenRoles(), defaultPort: 8080)
    }
}

/// `floe worker`: `floe serve --roles worker`, on any free port unless one is set.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run activities from the store until stopped: floe serve --roles worker.",
        discussion: "It answers /healthz, /readyz and /metrics on --port (any free port by default, logged)."
    )

    @OptionGroup var serve: ServeOptions

    func validate() throws {
        guard try serve.options.resolved().slots > 0 else { throw ValidationError("floe worker needs --slots of at least 1") }
    }

    func run() async throws {
        try await serve.run(roles: [.worker], defaultPort: 0)
    }
}

/// The options `floe serve` and `floe worker` share, and what runs them. Each left out comes from the
/// environment or the configuration file (``Settings``), else its default.
struct ServeOptions: ParsableArguments {
    @Option(help: "The address the API listens on (default 127.0.0.1).")
    var host: String?

    @Option(help: "The port the API (and /healthz, /readyz, /metrics) listens on (0: any free port; default 8080).")
    var port: Int?

    @Option(help: "Seconds between two scans of the local buckets' bound locations (default 1).")
    var watchInterval: Double?

    @Option(help: "Seconds a local file's size and mtime must stand still before it triggers its workflows (default 2).")
    var settle: Double?

    @Option(help: "Seconds between two listings of the bound locations of the buckets kept on S3 (default 5).")
    var s3PollInterval: Double?

    @Option(help: "Internal address blocks HTTP callbacks may reach, comma-separated CIDRs (e.g. 127.0.0.0/8); none by default.")
    var callbackAllow: String?

    @Option(help: "Seconds a callback receiver has to answer (default 3).")
    var callbackTimeout: Double?

    @Option(help: "Hours an undelivered callback is tried before it is dead (default 24).")
    var callbackMaxAge: Double?

    @Option(help: "The longest wait, in seconds, between two attempts at a callback (from 1 s, doubling; default 300).")
    var callbackMaxBackoff: Double?

    @Option(help: "Hours a delivered callback event is kept, for ListCallbackEvents, before it is deleted (default 168; 0: for ever).")
    var callbackRetention: Double?

    @Option(help: "The port of the S3 endpoint on --host (0: any free port; absent: no S3 endpoint).")
    var s3Port: Int?

    @OptionGroup var options: GlobalOptions

    /// These options with the environment and the configuration file filled in.
    struct Resolved {
        var host: String
        var port: Int?
        var watchInterval: Double
        var settle: Double
        var s3PollInterval: Double
        var callbackAllow: [IPNetwork]
        var callbackTimeout: Double
        var callbackMaxAge: Double
        var callbackMaxBackoff: Double
        var callbackRetention: Double
        var s3Port: Int?
    }

    /// The options, each from its flag, else the environment, else the configuration file, else its default;
    /// checked.
    func resolved() throws -> Resolved {
        let settings = try options.resolved().settings
        let resolved = Resolved(
            host: try settings.value("host", flag: host, default: "127.0.0.1"),
            port: try settings.value("port", flag: port),
            watchInterval: try settings.value("watch-interval", flag: watchInterval, default: 1),
            settle: try settings.value("settle", flag: settle, default: 2),
            s3PollInterval: try settings.value("s3-poll-interval", flag: s3PollInterval, default: 5),
            callbackAllow: try Self.networks(try settings.value("callback-allow", flag: callbackAllow, default: "")),
            callbackTimeout: try settings.value("callback-timeout", flag: callbackTimeout, default: 3),
            callbackMaxAge: try settings.value("callback-max-age", flag: callbackMaxAge, default: 24),
            callbackMaxBackoff: try settings.value("callback-max-backoff", flag: callbackMaxBackoff, default: 300),
            callbackRetention: try settings.value("callback-retention", flag: callbackRetention, default: 168),
            s3Port: try settings.value("s3-port", flag: s3Port))
        if let port = resolved.port, !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if let s3Port = resolved.s3Port, !(0...65535).contains(s3Port) {
            throw ValidationError("--s3-port must be between 0 and 65535")
        }
        guard (0.05...3600).contains(resolved.watchInterval), (0.05...3600).contains(resolved.settle) else {
            throw ValidationError("--watch-interval and --settle must be between 0.05 and 3600 seconds")
        }
        guard (0.1...60).contains(resolved.callbackTimeout) else {
            throw ValidationError("--callback-timeout must be between 0.1 and 60 seconds")
        }
        guard resolved.callbackMaxAge > 0, resolved.callbackMaxAge <= 24 * 30 else {
            throw ValidationError("--callback-max-age must be more than 0 and at most 720 hours")
        }
        guard (1...3600).contains(resolved.callbackMaxBackoff) else {
            throw ValidationError("--callback-max-backoff must be between 1 and 3600 seconds")
        }
        guard (0...24 * 3650).contains(resolved.callbackRetention) else {
            throw ValidationError("--callback-retention must be between 0 (for ever) and 87600 hours")
        }
        guard (0.05...3600).contains(resolved.s3PollInterval) else {
            throw ValidationError("--s3-poll-interval must be between 0.05 and 3600 seconds")
        }
        return resolved
    }

    func validate() throws {
        _ = try resolved()
    }

    /// Runs the services of `roles` until SIGTERM or SIGINT, listening on `defaultPort` when no port is set.
    func run(roles: Set<Role>, defaultPort: Int) async throws {
        let serve = try resolved()
        let logger = options.logger("floe", fallback: .info)
        var configuration = try options.configuration()
        configuration.roles = roles
        configuration.host = serve.host
        configuration.port = serve.port ?? defaultPort
        configuration.watchInterval = .milliseconds(Int64(serve.watchInterval * 1000))
        configuration.settleInterval = .milliseconds(Int64(serve.settle * 1000))
        configuration.s3PollInterval = .milliseconds(Int64(serve.s3PollInterval * 1000))
        configuration.callbackAllow = serve.callbackAllow
        configuration.callbackTimeout = .milliseconds(Int64(serve.callbackTimeout * 1000))
        configuration.callbackMaxAge = .seconds(Int64(serve.callbackMaxAge * 3600))
        configuration.callbackMaxBackoff = .milliseconds(Int64(serve.callbackMaxBackoff * 1000))
        configuration.callbackRetention = serve.callbackRetention == 0 ? nil : .seconds(Int64(serve.callbackRetention * 3600))
        let s3Port = serve.s3Port
        let app = try await FloeApplication(configuration: configuration)
        if let file = try await app.ensureRootKey() {
            logger.notice("made the root AccessKey of account \(app.localAccount); it is in \(file.path) (readable by you only)")
        }
        logger.info("floe serving", metadata: ["data": "\(app.configuration.dataDirectory.path)", "slots": "\(app.configuration.workerSlots)",
                                              "roles": "\(roles.sorted().map(\.rawValue).joined(separator: ","))"])
        let listenHost = app.configuration.host
        let data = app.configuration.dataDirectory
        let pid = getpid()
        let servesAPI = roles.contains(.api)
        let api = app.apiService(logger: logger) { port in
            logger.info(servesAPI ? "API listening" : "health and metrics listening", metadata: ["host": "\(listenHost)", "port": "\(port)"])
            guard servesAPI else { return }  // client commands look for a process that serves the API
            let file = ServerFile(endpoint: ServerFile.endpoint(host: listenHost, port: port), pid: pid)
            do {
                try file.write(in: data)
            } catch {
                logger.warning("cannot write \(ServerFile.url(in: data).path); client commands will not find this server: \(error)")
            }
        }
        var services: [any Service] = [api]
        if let s3Port, servesAPI {
            services.append(app.s3Service(host: listenHost, port: s3Port, logger: logger) { port in
                logger.info("S3 endpoint listening", metadata: ["host": "\(listenHost)", "port": "\(port)"])
            })
        }
        let group = ServiceGroup(
            services: services + app.backgroundServices(logger: logger),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        )
        defer { ServerFile(endpoint: "", pid: pid).remove(from: data) }
        try await group.run()
        logger.info("floe stopped")
    }

    /// `--callback-allow` as networks.
    static func networks(_ text: String) throws -> [IPNetwork] {
        try text.split(separator: ",").map { text in
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard let network = IPNetwork(trimmed) else {
                throw ValidationError("--callback-allow: '\(trimmed)' is not an address or CIDR block (e.g. 127.0.0.0/8)")
            }
            return network
        }
    }
}
