import FloeCore
import FloeStorePostgres
import Foundation
import Logging
import PostgresNIO
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL cluster on loopback, started once per test process, and a fresh database for each
/// store (``withFreshStore(_:)``), so tests are isolated and may run in parallel.
///
/// `initdb` makes the cluster in a temporary folder (with fsync off, for speed) and `pg_ctl` starts it on a free
/// port of 127.0.0.1, its Unix socket in that folder. As root (tests and CI run as root here), both run as the
/// `postgres` user through `runuser`, since `initdb` refuses root. A watchdog process reads its standard input
/// until end of file, then stops the cluster and deletes the folder: at exit (an `atexit` handler closes that
/// input and waits for it) and also when the test process dies without running its handlers.
///
/// With `FLOE_POSTGRES_URL` set, that server is used instead (its user must be allowed to create databases).
public final class PostgresServer: Sendable {
    /// The configuration of the maintenance database (`postgres`), for creating and dropping test databases.
    private let admin: PostgresClient.Configuration
    /// The URL of the maintenance database.
    private let adminURL: String
    private let names = Mutex(0)

    private init(adminURL: String) throws {
        var admin = try PostgresWorkflowStore.configuration(url: adminURL)
        admin.database = "postgres"
        self.admin = admin
        self.adminURL = adminURL
    }

    // MARK: Availability

    /// Why PostgreSQL tests cannot run here, or `nil` when they can: `FLOE_POSTGRES_URL` is set, or the server's
    /// binaries are installed. In CI (`CI=true`) this is always `nil`, so a missing PostgreSQL fails the tests
    /// with a clear message instead of skipping them silently.
    public static let unavailableReason: String? = {
        let environment = ProcessInfo.processInfo.environment
        if environment["FLOE_POSTGRES_URL"] != nil || binDirectory() != nil || environment["CI"] == "true" { return nil }
        let reason = "PostgreSQL is not installed (no initdb): its tests are disabled; run scripts/ensure-deps.sh, or set FLOE_POSTGRES_URL"
        FileHandle.standardError.write(Data("\(reason)\n".utf8))
        return reason
    }()

    /// True when the PostgreSQL tests run (``unavailableReason`` is `nil`).
    public static var isAvailable: Bool { unavailableReason == nil }

    // MARK: Databases and stores

    private static let started = Mutex<Task<PostgresServer, any Error>?>(nil)

    /// The server of this process, started on first use.
    public static func shared() async throws -> PostgresServer {
        let task = started.withLock { started in
            if let started { return started }
            let task = Task { try await start() }
            started = task
            return task
        }
        return try await task.value
    }

    /// Creates an empty database `floe_test_<pid>_<n>` and returns the configuration of a client of it.
    public func makeDatabase(maximumConnections: Int = 4) async throws -> PostgresClient.Configuration {
        let name = try await createDatabase()
        var configuration = admin
        configuration.database = name
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }

    /// Creates an empty database `floe_test_<pid>_<n>` and returns its URL (as `--database-url` takes it).
    public func makeDatabaseURL() async throws -> String {
        let name = try await createDatabase()
        var components = try #require(URLComponents(string: adminURL))
        components.path = "/\(name)"
        return try #require(components.string)
    }

    private func createDatabase() async throws -> String {
        let name = names.withLock { count in
            count += 1
            return "floe_test_\(getpid())_\(count)"
        }
        try await withAdmin { client in
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        return name
    }

    /// Drops the database of `configuration` (closing its connections), as far as it can.
    public func dropDatabase(_ configuration: PostgresClient.Configuration) async {
        await dropDatabase(named: configuration.database)
    }

    /// Drops the database of `url` (closing its connections), as far as it can.
    public func dropDatabase(url: String) async {
        await dropDatabase(named: URLComponents(string: url).map { String($0.path.dropFirst()) })
    }

    private func dropDatabase(named name: String?) async {
        guard let name, name.hasPrefix("floe_test_") else { return }
        try? await withAdmin { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        }
    }

    /// Runs `body` with a migrated store on a new database of the shared server, then drops the database.
    public static func withFreshStore<T: Sendable>(_ body: (PostgresWorkflowStore) async throws -> T) async throws -> T {
        let server = try await shared()
        let configuration = try await server.makeDatabase()
        do {
            let value = try await PostgresWorkflowStore.withStore(configuration, logger: quietLogger, body)
            await server.dropDatabase(configuration)
            return value
        } catch {
            await server.dropDatabase(configuration)
            throw error
        }
    }

    /// A logger that reports only errors.
    public static let quietLogger: Logger = {
        var logger = Logger(label: "floe.test.postgres")
        logger.logLevel = .error
        return logger
    }()

    /// Runs `body` with a client of the maintenance database.
    private func withAdmin(_ body: (PostgresClient) async throws -> Void) async throws {
        var configuration = admin
        configuration.options.maximumConnections = 1
        let client = PostgresClient(configuration: configuration, backgroundLogger: Self.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }

    // MARK: Starting the cluster

    /// The folder of `initdb` and `pg_ctl`: the newest `/usr/lib/postgresql/<version>/bin`, else `pg_config --bindir`.
    static func binDirectory() -> URL? {
        let fileManager = FileManager.default
        let versions = ((try? fileManager.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        for version in versions {
            let bin = URL(filePath: "/usr/lib/postgresql/\(version)/bin")
            if fileManager.isExecutableFile(atPath: bin.appending(path: "initdb").path) { return bin }
        }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let pgConfig = URL(filePath: String(folder)).appending(path: "pg_config")
            guard fileManager.isExecutableFile(atPath: pgConfig.path),
                  let output = try? run(pgConfig, ["--bindir"], asPostgres: false, in: URL(filePath: "/")) else { continue }
            let bin = URL(filePath: output.trimmingCharacters(in: .whitespacesAndNewlines))
            if fileManager.isExecutableFile(atPath: bin.appending(path: "initdb").path) { return bin }
        }
        return nil
    }

    private static func start() async throws -> PostgresServer {
        if let url = ProcessInfo.processInfo.environment["FLOE_POSTGRES_URL"] {
            return try PostgresServer(adminURL: url)
        }
        guard let bin = binDirectory() else {
            throw FloeError(.store, """
                PostgreSQL is not installed: no initdb in /usr/lib/postgresql/*/bin nor in pg_config --bindir. \
                Run scripts/ensure-deps.sh (it installs Debian's postgresql), or set FLOE_POSTGRES_URL to a server.
                """)
        }
        // Blocking work (processes) runs off the cooperative pool.
        return try await onANewThread { try startCluster(bin: bin) }
    }

    private static func startCluster(bin: URL) throws -> PostgresServer {
        let asPostgres = getuid() == 0
        let root = URL(filePath: "/tmp").appending(path: "floe-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if asPostgres {
            guard let user = getpwnam("postgres") else {
                throw FloeError(.store, "running as root, PostgreSQL needs the 'postgres' user (Debian's postgresql package makes it)")
            }
            guard chown(root.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw FloeError(.store, "cannot give \(root.path) to the postgres user: errno \(errno)")
            }
        }
        let data = root.appending(path: "data")
        do {
            _ = try run(bin.appending(path: "initdb"),
                        ["-D", data.path, "-U", "floe", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                        asPostgres: asPostgres, in: root)
            let port = try freePort()
            let options = [
                "-c listen_addresses=127.0.0.1", "-p \(port)", "-c unix_socket_directories=\(root.path)",
                "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=1000",
            ].joined(separator: " ")
            _ = try run(bin.appending(path: "pg_ctl"),
                        ["-D", data.path, "-l", root.appending(path: "server.log").path, "-w", "-t", "60", "-o", options, "start"],
                        asPostgres: asPostgres, in: root)
            try startWatchdog(bin: bin, root: root, data: data, asPostgres: asPostgres)
            return try PostgresServer(adminURL: "postgres://floe@127.0.0.1:\(port)/postgres?sslmode=disable")
        } catch {
            let log = (try? String(contentsOf: root.appending(path: "server.log"), encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: root)
            throw FloeError(.store, "PostgreSQL did not start: \(error)\(log.isEmpty ? "" : "\n\(log.suffix(2000))")")
        }
    }

    /// Starts the process that stops the cluster and deletes `root` once its standard input ends.
    private static func startWatchdog(bin: URL, root: URL, data: URL, asPostgres: Bool) throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw FloeError(.store, "pipe() failed: errno \(errno)") }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        defer { close(ends[0]) }
        let stop = (asPostgres ? "runuser -u postgres -- " : "") + "'\(bin.appending(path: "pg_ctl").path)'"
        let script = "cd /; cat >/dev/null; \(stop) -D '\(data.path)' -m immediate -w stop; rm -rf '\(root.path)'"
        let pid = try spawn(["/bin/sh", "-c", script], input: ends[0], output: "/dev/null")
        watchdog.withLock { $0 = Watchdog(input: ends[1], pid: pid) }
        atexit { PostgresServer.stopAtExit() }
    }

    private struct Watchdog: Sendable {
        /// The write end of the watchdog's standard input (close-on-exec, so no other child holds it).
        var input: Int32
        var pid: pid_t
    }

    private static let watchdog = Mutex<Watchdog?>(nil)

    /// Ends the watchdog's input and waits (up to 10 seconds) for it to stop the cluster and delete its folder.
    private static func stopAtExit() {
        guard let watchdog = watchdog.withLock({ state -> Watchdog? in defer { state = nil }; return state }) else { return }
        close(watchdog.input)
        var status: Int32 = 0
        for _ in 0..<1000 {
            let result = waitpid(watchdog.pid, &status, WNOHANG)
            if result != 0 { return }  // reaped now, or already (ECHILD)
            usleep(10_000)
        }
    }

    /// A TCP port of 127.0.0.1 that no one listens on now.
    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw FloeError(.store, "socket() failed: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(socket, address, length) == 0 && getsockname(socket, address, &length) == 0
            }
        }
        guard bound else { throw FloeError(.store, "cannot find a free port: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs `executable` (as the `postgres` user through `runuser` when `asPostgres`) in `folder` and returns its
    /// output; throws with the output when it fails. The child gets no descriptor of this process but its standard
    /// ones, so a daemon it leaves behind (the server `pg_ctl` starts) holds nothing that one waits on.
    @discardableResult
    private static func run(_ executable: URL, _ arguments: [String], asPostgres: Bool, in folder: URL) throws -> String {
        let command = (asPostgres ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []) + [executable.path] + arguments
        let scratch = TemporaryFolder("pg-command")
        let output = scratch.appending(path: "output")
        let pid = try spawn(["/bin/sh", "-c", #"cd "$0" && exec "$@""#, folder.path] + command, input: nil, output: output.path)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw FloeError(.store, "waitpid() failed: errno \(errno)") }
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw FloeError(.store, "\(executable.lastPathComponent) failed (wait status \(status)): \(text.suffix(2000))")
        }
        return text
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc module does not show.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Starts `arguments` (the first is the executable's path) with standard input `input` (or `/dev/null`) and
    /// standard output and error appended to the file `output`; every other descriptor is closed in the child.
    private static func spawn(_ arguments: [String], input: Int32?, output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard result == 0 else { throw FloeError(.store, "cannot start \(arguments[0]): errno \(result)") }
        return pid
    }
}
