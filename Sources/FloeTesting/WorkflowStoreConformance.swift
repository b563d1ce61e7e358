import FloeCore
import FloeEngine
import Foundation
import Testing

/// The contract every ``WorkflowStore`` keeps, as test cases that each take a fresh, empty store.
///
/// A backend's tests run them all:
/// ```swift
/// @Test(arguments: WorkflowStoreConformance.cases)
/// func conformance(_ c: WorkflowStoreConformance.Case) async throws { try await c.run(makeFreshStore()) }
/// ```
public enum WorkflowStoreConformance {
    /// One named check of the contract.
    public struct Case: Sendable, CustomTestStringConvertible {
        public let name: String
        public let run: @Sendable (any WorkflowStore) async throws -> Void

        public init(_ name: String, _ run: @escaping @Sendable (any WorkflowStore) async throws -> Void) {
            self.name = name
            self.run = run
        }

        public var testDescription: String { name }
    }

    public static let cases: [Case] = [
        Case("templates: save, get, replace, delete", templatesLifecycle),
        Case("templates: paging by id", templatesPaging),
        Case("media: create and get with files, lookup by input URL", mediaLifecycle),
        Case("tasks: create succeeds Start and readies its successors", createTask),
        Case("tasks: a happy path ends Succeed", happyPath),
        Case("tasks: activity inputs are the task, its media input and its succeeded runs' results", activityInputs),
        Case("tasks: a file produced twice is listed once", filesListedOnce),
        Case("tasks: a deterministic failure fails the task", deterministicFailure),
        Case("tasks: cancel", cancellation),
        Case("tasks: cancel of an ended or unknown task", cancelEnded),
        Case("tasks: paging, filters and tokens", tasksPaging),
        Case("claim: limit, oldest task first", claimOrder),
        Case("claim: 8 concurrent claimers never share a run", concurrentClaimers),
        Case("leases: heartbeat renews; expiry and reclaim", leaseExpiry),
        Case("leases: reclaim after maxAttempts fails the task", leaseMaxAttempts),
        Case("retry: not claimable before retryAt", retryScheduling),
        Case("complete by a non-owner changes nothing", nonOwner),
        Case("release returns a run without counting the attempt", release),
        Case("waitForWork wakes on createTask", waitForWork),
        Case("waitForWork after a mark returns at once for work made since the mark", waitForWorkAfterAMark),
        Case("accounts: create, list in creation order, conflict", accountsLifecycle),
        Case("access keys: create, get, list, status, delete", accessKeysLifecycle),
        Case("access keys: an unknown account is notFound", accessKeysOfUnknownAccount),
        Case("nonces: once per key", noncesOncePerKey),
        Case("nonces: an expired nonce is pruned and may be used again", noncesExpire),
        Case("nonces: 8 concurrent uses of one nonce, exactly one true", noncesConcurrent),
        Case("isolation: an account lists only its own tasks", taskIsolation),
        Case("isolation: templates listed per account with the System ones", templateIsolation),
        Case("isolation: one input URL in two accounts is two media assets", mediaIsolation),
    ] + mediaCases + triggerCases + bucketCases + callbackCases + statisticsCases + attemptCases + workerCases

    // MARK: Helpers

    static let lease: Duration = .seconds(30)

    /// Saves a diamond template (unless given) and a new media asset, and creates a task at `time`.
    static func makeTask(in store: any WorkflowStore, at time: Date = Samples.epoch,
                         template: WorkflowTemplate? = nil) async throws -> WorkflowTask {
        let template = template ?? Samples.template(at: time)
        if try await store.template(template.id) == nil { try await store.saveTemplate(template) }
        let media = Samples.media(at: time)
        try await store.createMedia(media)
        let task = Samples.task(of: template, on: media, at: time)
        try await store.createTask(task, now: time)
        return task
    }

    /// The runs of `task` by name.
    static func runs(of task: TaskID, in store: any WorkflowStore) async throws -> [String: ActivityRun] {
        Dictionary(uniqueKeysWithValues: try await store.activityRuns(of: task).map { ($0.name, $0) })
    }

    /// The statuses of `task`'s runs by name.
    static func statuses(of task: TaskID, in store: any WorkflowStore) async throws -> [String: ActivityStatus] {
        try await runs(of: task, in: store).mapValues(\.status)
    }

    /// Claims and requires exactly the runs named `names` (in name order).
    @discardableResult
    static func claim(_ names: [String], in store: any WorkflowStore, owner: String = "w1", limit: Int = 10,
                      at time: Date, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [ActivityRun] {
        let claimed = try await store.claim(owner: owner, limit: limit, leaseDuration: lease, now: time)
        #expect(claimed.map(\.name).sorted() == names, sourceLocation: sourceLocation)
        return claimed.sorted { $0.name < $1.name }
    }

    static func status(of task: TaskID, in store: any WorkflowStore) async throws -> TaskStatus? {
        try await store.task(task)?.status
    }

    static func succeeded(_ files: [MediaFile] = [], data: JSONValue? = nil) -> ActivityOutcome {
        .succeeded(ActivityResult(files: files, data: data))
    }
}
