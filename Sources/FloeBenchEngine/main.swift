import FloeCore
import FloeEngine
import FloeStorePostgres
import FloeStoreSQLite
import Foundation
import Logging
import ServiceLifecycle

// Engine throughput without FFmpeg: tasks of one activity that does nothing (a stand-in for MediaInfo, known
// only to this executable), run by 1 and by 3 worker processes on one store: a fresh SQLite file, or with
// --database-url the PostgreSQL database it names. Then the start-to-finish latency of such a task, one after
// another, with the worker pool in the same process (as `floe serve` runs it). Prints Markdown table rows.
//
//   floe-bench-engine [--tasks N] [--slots S] [--workers 1,3] [--latency-tasks L] [--database-url URL]   the benchmark
//   floe-bench-engine work STORE SLOTS     one worker process (spawned by the above; STORE: a file or a URL)

/// Does nothing: what the engine costs around an activity is all there is to measure.
struct NoopActivity: Activity {
    let kind = ActivityKind.mediaInfo
    func run(context: ActivityContext) async throws -> ActivityResult { ActivityResult() }
}

let template = """
    Name: bench-noop
    Activities:
      Start: {Type: Start}
      noop: {Type: MediaInfo}
      End: {Type: End}
    Dependencies: {Start: [noop], noop: [End]}
    """

func option(_ name: String, default fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

func quietLogger() -> Logger {
    var logger = Logger(label: "floe-bench-engine") { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = .error
    return logger
}

/// The store `location` names: a PostgreSQL URL, else a SQLite file.
func openStore(_ location: String) async throws -> any WorkflowStore {
    location.hasPrefix("postgres") ? try await PostgresWorkflowStore.open(url: location, logger: quietLogger())
        : try SQLiteWorkflowStore(path: location)
}

/// One worker process: runs no-op activities from the store at `location` until SIGTERM.
func work(location: String, slots: Int) async throws {
    let store = try await openStore(location)
    let scratch = FileManager.default.temporaryDirectory.appending(path: "floe-bench-engine-scratch-\(getpid())", directoryHint: .isDirectory)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let pool = WorkerPool(store: store, registry: ActivityRegistry([NoopActivity()]),
                          configuration: .init(slots: slots, pollInterval: .milliseconds(20), scratchDirectory: scratch,
                                               outputBucket: "floe-output"),
                          logger: quietLogger())
    try await ServiceGroup(services: [pool], gracefulShutdownSignals: [.sigterm], logger: quietLogger()).run()
}

/// Saves the template and makes `count` tasks of it on the store at `location`; returns the store, the template
/// and how long the tasks took to make.
func prepare(_ location: String, count: Int) async throws -> (any WorkflowStore, WorkflowTemplate, Duration) {
    let store = try await openStore(location)
    let account = AccountID.random()
    try await store.createAccount(account, now: Date())
    let saved = WorkflowTemplate(document: try TemplateDocument.parse(template), accountID: account, now: Date())
    try await store.saveTemplate(saved)
    let launcher = WorkflowLauncher(store: store)
    let clock = ContinuousClock()
    let start = clock.now
    for index in 0..<count {
        let input = try StorageLocation(bucket: "floe-input", key: "bench/\(index).mp4")
        _ = try await launcher.start(template: saved, input: .oss(input), accountID: account, now: Date())
    }
    return (store, saved, start.duration(to: clock.now))
}

/// Starts `workers` worker processes on the store at `location` and returns how long they took to end the
/// `count` tasks it has that have not ended.
func drain(_ store: any WorkflowStore, at location: String, workers: Int, slots: Int, count: Int) async throws -> Duration {
    let before = try await store.statistics()
    let endedBefore = before.tasks[.succeed, default: 0] + before.tasks[.failed, default: 0]
    let clock = ContinuousClock()
    let start = clock.now
    let processes = try (0..<workers).map { _ in
        let process = Process()
        process.executableURL = URL(filePath: CommandLine.arguments[0]).absoluteURL
        process.arguments = ["work", location, String(slots)]
        try process.run()
        return process
    }
    defer {
        for process in processes where process.isRunning { process.terminate() }
        for process in processes { process.waitUntilExit() }
    }
    while true {
        let statistics = try await store.statistics()
        let ended = statistics.tasks[.succeed, default: 0] + statistics.tasks[.failed, default: 0]
        if ended >= endedBefore + count {
            guard statistics.tasks[.failed, default: 0] == 0 else { throw BenchError("\(statistics.tasks[.failed]!) tasks failed") }
            return start.duration(to: clock.now)
        }
        if let dead = processes.first(where: { !$0.isRunning }) {
            throw BenchError("a worker exited with status \(dead.terminationStatus)")
        }
        try await Task.sleep(for: .milliseconds(50))  // statistics() counts whole tables: not too often
    }
}

/// Start-to-finish latency of `count` one-activity tasks started one after another, each when the previous one
/// has ended, on the store at `location` with a worker pool of the defaults in this process (woken by the store,
/// as in `floe serve`). Each is the store's own createTime → finishTime. Returns them sorted, in seconds.
func latencies(at location: String, count: Int, scratch: URL) async throws -> [Double] {
    let (store, saved, _) = try await prepare(location, count: 0)
    guard let account = saved.accountID else { throw BenchError("the template has no account") }
    let pool = WorkerPool(store: store, registry: ActivityRegistry([NoopActivity()]),
                          configuration: .init(scratchDirectory: scratch, outputBucket: "floe-output"), logger: quietLogger())
    let launcher = WorkflowLauncher(store: store)
    // The pool ends (cancelled, awaited by its group) before the store stops: a claim on a PostgreSQL pool that
    // is shutting down would fail and log an error.
    let measured = try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await pool.run() }
        defer { group.cancelAll() }
        var measured: [Double] = []
        for index in 0..<count {
            let input = try StorageLocation(bucket: "floe-input", key: "bench/latency-\(index).mp4")
            let id = try await launcher.start(template: saved, input: .oss(input), accountID: account, now: Date()).id
            while true {
                guard let task = try await store.task(id) else { throw BenchError("task \(id) is missing") }
                if task.status.isTerminal {
                    guard task.status == .succeed, let finish = task.finishTime else { throw BenchError("task \(id) \(task.status)") }
                    measured.append(finish.timeIntervalSince(task.createTime))
                    break
                }
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        return measured.sorted()
    }
    await (store as? PostgresWorkflowStore)?.stop()
    return measured
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

if CommandLine.arguments.dropFirst().first == "work" {
    let arguments = Array(CommandLine.arguments.dropFirst(2))
    guard arguments.count == 2, let slots = Int(arguments[1]) else {
        FileHandle.standardError.write(Data("usage: floe-bench-engine work DATABASE SLOTS\n".utf8))
        exit(64)
    }
    try await work(location: arguments[0], slots: slots)
} else {
    let count = Int(option("--tasks", default: "2000")) ?? 2000
    let slots = Int(option("--slots", default: "8")) ?? 8
    let workerCounts = option("--workers", default: "1,3").split(separator: ",").compactMap { Int($0) }
    let databaseURL = option("--database-url", default: "")
    let root = FileManager.default.temporaryDirectory.appending(path: "floe-bench-engine-\(UUID().uuidString)", directoryHint: .isDirectory)
    defer { try? FileManager.default.removeItem(at: root) }
    var first: Double?
    for workers in workerCounts {
        // A fresh SQLite file per row; on PostgreSQL one database, each row counting the tasks it made.
        let location: String
        if databaseURL.isEmpty {
            let folder = root.appending(path: "\(workers)", directoryHint: .isDirectory)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            location = folder.appending(path: "floe.sqlite").path
        } else {
            location = databaseURL
        }
        let (store, _, making) = try await prepare(location, count: count)
        let running = try await drain(store, at: location, workers: workers, slots: slots, count: count)
        await (store as? PostgresWorkflowStore)?.stop()
        let rate = Double(count) / seconds(running)
        let ratio = first.map { String(format: "%.2f× the first row", rate / $0) } ?? ""
        first = first ?? rate
        print(String(format: "| engine: one-activity no-op tasks on %@, %d worker process%@ × %d slots, %d tasks (made in-process at %.0f tasks/s) | %.0f tasks/s | | %@ |",
                     databaseURL.isEmpty ? "SQLite" : "PostgreSQL", workers, workers == 1 ? "" : "es", slots, count,
                     Double(count) / seconds(making), rate, ratio))
    }
    let latencyCount = Int(option("--latency-tasks", default: "100")) ?? 100
    if latencyCount > 0 {
        let folder = root.appending(path: "latency", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let measured = try await latencies(at: databaseURL.isEmpty ? folder.appending(path: "floe.sqlite").path : databaseURL,
                                           count: latencyCount, scratch: folder.appending(path: "scratch", directoryHint: .isDirectory))
        func at(_ quantile: Double) -> Double { measured[min(measured.count - 1, Int(Double(measured.count) * quantile))] * 1000 }
        print(String(format: "| engine: start → end of a one-activity no-op task on %@, %d one after another, worker pool in process (the store's createTime → finishTime; median / p95 / max) | %.1f / %.1f / %.1f ms | | |",
                     databaseURL.isEmpty ? "SQLite" : "PostgreSQL", latencyCount, at(0.5), at(0.95), (measured.last ?? 0) * 1000))
    }
}
