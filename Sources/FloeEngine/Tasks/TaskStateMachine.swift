import FloeCore
import Foundation

/// Every decision about a task and its runs, as a pure value: a store loads the task and its runs, applies
/// one event, and writes back ``changedRuns``, ``taskChanged``, ``newFiles`` and the attempt history
/// (``closedAttempts``, then ``openedAttempts``) in the same transaction.
///
/// - A run becomes ready when all its predecessors have succeeded; `Start` succeeds when the task is made
///   and `End` when it becomes ready, which ends the task `Succeed`.
/// - A final failure fails the task; its waiting and ready runs are skipped. Running ones are told to stop
///   by their next heartbeat.
/// - Cancel ends the task `Canceled`; waiting and ready runs are canceled at once, running ones when their
///   worker reports back.
public struct TaskStateMachine: Sendable {
    public private(set) var task: WorkflowTask
    public private(set) var runs: [String: ActivityRun]
    /// Names of the runs this machine changed (or made).
    public private(set) var changedRuns: Set<String> = []
    /// True when ``task`` changed.
    public private(set) var taskChanged = false
    /// Files to add to the task's media asset.
    public private(set) var newFiles: [MediaFile] = []
    /// Attempts this machine opened (one per claim): the store appends them to the history.
    public private(set) var openedAttempts: [ActivityAttempt] = []
    /// Open attempts this machine closed: the store sets the end time and outcome of each owner's open attempt
    /// of the run.
    public private(set) var closedAttempts: [ActivityAttempt.Closing] = []
    /// True when this machine ended the task: the store writes its `WorkflowTaskComplete` event in the same
    /// transaction.
    public private(set) var ended = false

    public init(task: WorkflowTask, runs: [ActivityRun]) {
        self.task = task
        self.runs = Dictionary(uniqueKeysWithValues: runs.map { ($0.name, $0) })
    }

    /// A new task: a waiting run for every activity, then `Start` succeeded and what follows it ready.
    public static func newTask(_ task: WorkflowTask, now: Date) -> TaskStateMachine {
        let runs = task.topology.activities.map { name, definition in
            ActivityRun(taskID: task.id, name: name, definition: definition)
        }
        var machine = TaskStateMachine(task: task, runs: runs)
        machine.changedRuns = Set(machine.runs.keys)
        machine.taskChanged = true
        if let start = task.topology.activity(ofKind: .start) {
            machine.update(start) { run in
                run.status = .succeed
                run.startTime = now
                run.endTime = now
            }
            machine.advance(from: start, now: now)
        }
        return machine
    }

    /// The runs in the order a store should write them.
    public var changedRunList: [ActivityRun] {
        changedRuns.sorted().compactMap { runs[$0] }
    }

    // MARK: Events

    /// Whether `name` may be claimed at `now`.
    public func isClaimable(_ name: String, now: Date) -> Bool {
        guard !task.status.isTerminal, let run = runs[name], run.status == .ready else { return false }
        return run.notBefore.map { $0 <= now } ?? true
    }

    /// Hands `name` to `owner` until `leaseExpiresAt`, opening an attempt. Returns false when it cannot be claimed.
    public mutating func claim(_ name: String, owner: String, leaseExpiresAt: Date, now: Date) -> Bool {
        guard isClaimable(name, now: now) else { return false }
        update(name) { run in
            run.status = .running
            run.attempt += 1
            run.leaseOwner = owner
            run.leaseExpiresAt = leaseExpiresAt
            run.notBefore = nil
            run.progress = 0
            run.startTime = run.startTime ?? now
        }
        if let run = runs[name] {
            openedAttempts.append(ActivityAttempt(taskID: run.taskID, name: name, attempt: run.attempt, owner: owner,
                                                  startTime: now))
        }
        if task.status == .initial {
            task.status = .processing
            taskChanged = true
        }
        return true
    }

    /// Renews `owner`'s lease on `name` and records its progress.
    public mutating func heartbeat(_ name: String, owner: String, progress: Double?, leaseExpiresAt: Date) -> LeaseState {
        guard let run = runs[name], run.status == .running, run.leaseOwner == owner else { return .lost }
        if task.status.isTerminal { return .stop }
        update(name) { run in
            run.leaseExpiresAt = leaseExpiresAt
            if let progress { run.progress = progress }
        }
        return .held
    }

    /// Records how `owner`'s attempt at `name` ended, and closes it. Returns false when `owner` does not hold it.
    public mutating func complete(_ name: String, owner: String, outcome: ActivityOutcome, now: Date) -> Bool {
        guard let run = runs[name], run.status == .running, run.leaseOwner == owner else { return false }
        closeAttempt(name, owner: owner, outcome: attemptOutcome(of: outcome), now: now)
        switch outcome {
        case .succeeded(let result):
            update(name) { run in
                run.status = .succeed
                run.result = result
                run.error = nil
                run.progress = 100
                run.endTime = now
                run.clearLease()
            }
            newFiles += result.files
            advance(from: name, now: now)
        case .failed(let error, let retryAt?) where !task.status.isTerminal:
            update(name) { run in
                run.status = .ready
                run.error = error
                run.notBefore = retryAt
                run.progress = nil
                run.clearLease()
            }
        case .failed(let error, _):
            fail(name, error, now: now)
        case .canceled:
            update(name) { run in
                run.status = .canceled
                run.endTime = now
                run.clearLease()
            }
        }
        return true
    }

    /// Hands `name` back from `owner` without counting the attempt, which it closes as `Released`.
    public mutating func release(_ name: String, owner: String, now: Date) {
        guard let run = runs[name], run.status == .running, run.leaseOwner == owner else { return }
        closeAttempt(name, owner: owner, outcome: .released, now: now)
        let ended = task.status.isTerminal
        update(name) { run in
            run.status = ended ? .canceled : .ready
            run.attempt = max(0, run.attempt - 1)
            run.progress = nil
            if run.status == .canceled { run.endTime = now }
            run.clearLease()
        }
    }

    /// Reclaims `name` if its lease expired before `now`: ready again, or failed after `maxAttempts` claims (canceled
    /// when its task has ended). Its holder's attempt is closed as `Lost`.
    public mutating func expireLease(_ name: String, now: Date, maxAttempts: Int) {
        guard let run = runs[name], run.status == .running, let expiry = run.leaseExpiresAt, expiry < now else { return }
        if let owner = run.leaseOwner { closeAttempt(name, owner: owner, outcome: .lost, now: now) }
        if task.status.isTerminal {
            update(name) { run in
                run.status = .canceled
                run.endTime = now
                run.clearLease()
            }
        } else if run.attempt >= maxAttempts {
            let error = ActivityError(.leaseExpired, "its worker stopped answering \(run.attempt) times", transient: false)
            fail(name, error, now: now)
        } else {
            update(name) { run in
                run.status = .ready
                run.progress = nil
                run.clearLease()
            }
        }
    }

    /// Cancels the task. Throws ``FloeError/Code/conflict`` when it has already ended.
    public mutating func cancel(now: Date) throws(FloeError) {
        guard !task.status.isTerminal else {
            throw .conflict("task \(task.id) has already ended (\(task.status.rawValue))")
        }
        finish(.canceled, message: "canceled", now: now, pending: .canceled)
    }

    // MARK: Internals

    /// How the attempt ends that reports `outcome`: a transient failure is a retry only while the task goes on.
    private func attemptOutcome(of outcome: ActivityOutcome) -> ActivityAttempt.Outcome {
        switch outcome {
        case .succeeded: .succeeded
        case .failed(_, retryAt: .some(_)) where !task.status.isTerminal: .retry
        case .failed: .failed
        case .canceled: .canceled
        }
    }

    private mutating func closeAttempt(_ name: String, owner: String, outcome: ActivityAttempt.Outcome, now: Date) {
        closedAttempts.append(ActivityAttempt.Closing(run: ActivityRun.ID(taskID: task.id, name: name), owner: owner,
                                                      endTime: now, outcome: outcome))
    }

    private mutating func update(_ name: String, _ change: (inout ActivityRun) -> Void) {
        guard var run = runs[name] else { return }
        change(&run)
        runs[name] = run
        changedRuns.insert(name)
    }

    /// Makes ready each successor of `name` whose predecessors have all succeeded; ends the task at `End`.
    private mutating func advance(from name: String, now: Date) {
        guard !task.status.isTerminal else { return }
        let predecessors = task.topology.predecessors
        for next in task.topology.successors(of: name) {
            guard let run = runs[next], run.status == .waiting,
                  (predecessors[next] ?? []).allSatisfy({ runs[$0]?.status == .succeed })
            else { continue }
            if run.definition.kind == .end {
                update(next) { run in
                    run.status = .succeed
                    run.startTime = now
                    run.endTime = now
                }
                finish(.succeed, message: nil, now: now, pending: .skipped)
            } else {
                update(next) { $0.status = .ready }
            }
        }
    }

    private mutating func fail(_ name: String, _ error: ActivityError, now: Date) {
        update(name) { run in
            run.status = .failed
            run.error = error
            run.endTime = now
            run.clearLease()
        }
        if !task.status.isTerminal {
            finish(.failed, message: "activity '\(name)' failed: \(error.message)", now: now, pending: .skipped)
        }
    }

    /// Ends the task with `status`; waiting and ready runs become `pending`.
    private mutating func finish(_ status: TaskStatus, message: String?, now: Date, pending: ActivityStatus) {
        ended = true
        task.status = status
        task.message = message
        task.finishTime = now
        taskChanged = true
        for (name, run) in runs where run.status == .waiting || run.status == .ready {
            update(name) { run in
                run.status = pending
                run.endTime = now
            }
        }
    }
}

extension ActivityRun {
    mutating func clearLease() {
        leaseOwner = nil
        leaseExpiresAt = nil
    }
}
