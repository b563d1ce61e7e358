import FloeCore
import FloeEngine
import FloeStoreSQLite
import Foundation
import Logging
import ServiceLifecycle

// Engine throughput without FFmpeg: tasks of one activity that does nothing (a stand-in for MediaInfo, known
// only to this executable), run by 1 and by 3 worker processes on one store. Prints Markdown table rows.
//
//   floe-bench-engine [--tasks N] [--slots S] [--workers 1,3]     the benchmark (spawns its own workers)
//   floe-bench-engine work DATABASE SLOTS                          one worker process (used by the above)

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

/// One worker process: runs no-op activities from the store at `database` until SIGTERM.
func work(database: String, slots: Int) async throws {
    let store = try SQLiteWorkflowStore(path: database)
    let scratch = URL(filePath: database).deletingLastPathComponent().appending(path: "scratch", directoryHint: .isDirectory)
    let pool = WorkerPool(store: store, registry: ActivityRegistry([NoopActivity()]),
                          configuration: .init(slots: slots, pollInterval: .milliseconds(20), scratchDirectory: scratch,
                                               outputBucket: "floe-output"),
                          logger: quietLogger())
    try await ServiceGroup(services: [pool], gracefulShutdownSignals: [.sigterm], logger: quietLogger()).run()
}

/// Makes `count` tasks on a fresh store in `folder`; returns the store and how long the tasks took to make.
func prepare(in folder: URL, count: Int) async throws -> (SQLiteWorkflowStore, Duration) {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let store = try SQLiteWorkflowStore(path: folder.appending(path: "floe.sqlite").path)
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
    return (store, start.duration(to: clock.now))
}

/// Starts `workers` worker processes on the store and returns how long they took to end every task.
func drain(_ store: SQLiteWorkflowStore, workers: Int, slots: Int, count: Int) async throws -> Duration {
    let clock = ContinuousClock()
    let start = clock.now
    let processes = try (0..<workers).map { _ in
        let process = Process()
        process.executableURL = URL(filePath: CommandLine.arguments[0]).absoluteURL
        process.arguments = ["work", store.path, String(slots)]
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
        if ended >= count {
            guard statistics.tasks[.failed, default: 0] == 0 else { throw BenchError("\(statistics.tasks[.failed]!) tasks failed") }
            return start.duration(to: clock.now)
        }
        if let dead = processes.first(where: { !$0.isRunning }) {
            throw BenchError("a worker exited with status \(dead.terminationStatus)")
        }
        try await Task.sleep(for: .milliseconds(5))
    }
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
    try await work(database: arguments[0], slots: slots)
} else {
    let count = Int(option("--tasks", default: "2000")) ?? 2000
    let slots = Int(option("--slots", default: "8")) ?? 8
    let workerCounts = option("--workers", default: "1,3").split(separator: ",").compactMap { Int($0) }
    let root = FileManager.default.temporaryDirectory.appending(path: "floe-bench-engine-\(UUID().uuidString)", directoryHint: .isDirectory)
    defer { try? FileManager.default.removeItem(at: root) }
    var first: Double?
    for workers in workerCounts {
        let (store, making) = try await prepare(in: root.appending(path: "\(workers)"), count: count)
        let running = try await drain(store, workers: workers, slots: slots, count: count)
        let rate = Double(count) / seconds(running)
        let ratio = first.map { String(format: "%.2f× the first row", rate / $0) } ?? ""
        first = first ?? rate
        print(String(format: "| engine: one-activity no-op tasks on SQLite, %d worker process%@ × %d slots, %d tasks (made in-process at %.0f tasks/s) | %.0f tasks/s | | %@ |",
                     workers, workers == 1 ? "" : "es", slots, count, Double(count) / seconds(making), rate, ratio))
    }
}
