import FloeCore
import FloeEngine
import FloeStoreSQLite
import FloeTesting
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// A SQLite store in a temporary folder, and helpers to start tasks and run worker pools on it.
struct EngineHarness {
    let folder = TemporaryFolder("engine")
    let store: SQLiteWorkflowStore

    /// The harness's folder: the store's file, and the pools' scratch space.
    var directory: URL { folder.url }

    init() throws {
        store = try SQLiteWorkflowStore(path: folder.appending(path: "floe.sqlite").path)
    }

    /// Saves a template from YAML and starts a task of it on a registered dummy input.
    func startTask(_ yaml: String) async throws -> TaskID {
        let template = WorkflowTemplate(document: try TemplateDocument.parse(yaml), accountID: Samples.account, now: Date())
        try await store.saveTemplate(template)
        let input = try StorageLocation(parsing: "oss://floe-input/\(UUID().uuidString).mp4")
        let task = try await WorkflowLauncher(store: store).start(workflowID: template.id, input: .oss(input), accountID: Samples.account, now: Date())
        return task.id
    }

    func pool(_ activities: [any Activity], slots: Int = 2, lease: Duration = .seconds(30), heartbeat: Duration = .milliseconds(100),
              owner: String = WorkerPool.defaultOwner(), detect: @escaping @Sendable () async -> Set<Capability> = { [] }) -> WorkerPool {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return WorkerPool(
            store: store, registry: ActivityRegistry(activities),
            configuration: .init(owner: owner, slots: slots, leaseDuration: lease, heartbeatInterval: heartbeat,
                                 pollInterval: .milliseconds(50), scratchDirectory: directory.appending(path: "scratch"),
                                 outputBucket: "floe-output", detectCapabilities: detect),
            logger: logger
        )
    }

    func task(_ id: TaskID) async throws -> WorkflowTask {
        try #require(await store.task(id))
    }

    func run(_ id: TaskID, _ name: String) async throws -> ActivityRun {
        try #require(await store.activityRuns(of: id).first { $0.name == name })
    }

    /// Waits for the task to end and returns it.
    func finished(_ id: TaskID, timeout: Duration = .seconds(60)) async throws -> WorkflowTask {
        try await eventually("task \(id) ends", timeout: timeout) { try await task(id).status.isTerminal }
        return try await task(id)
    }
}

/// Start -> a -> (b, c) -> End, where a is a MediaInfo and b and c are Snapshots.
let diamondYAML = """
Name: diamond
Activities:
  Start: {Type: Start}
  a: {Type: MediaInfo}
  b: {Type: Snapshot}
  c: {Type: Snapshot}
  End: {Type: End}
Dependencies: {Start: [a], a: [b, c], b: [End], c: [End]}
"""

/// Runs `body` while `services` run, then cancels them.
func whileRunning(_ services: [any Service], _ body: () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for service in services { group.addTask { try await service.run() } }
        defer { group.cancelAll() }
        try await body()
    }
}
