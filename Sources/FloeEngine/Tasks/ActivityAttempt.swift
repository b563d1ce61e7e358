import FloeCore
import Foundation

/// One claim of an activity run by one worker, from the claim until the store stopped counting it as that worker's:
/// a row of the append-only attempt history (``WorkflowStore/attempts(of:)``).
///
/// A store writes the history in the transaction that changes the run: a claim opens an attempt; a `complete`,
/// a `release` or the reclaim of an expired lease closes it. An attempt is open (``endTime`` and ``outcome`` are
/// `nil`) while its owner holds the run, or after the task ended under it, until its owner reports or its lease is
/// reclaimed.
public struct ActivityAttempt: Hashable, Sendable {
    /// How an attempt ended.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        /// The activity succeeded.
        case succeeded = "Succeeded"
        /// The activity failed deterministically, or transiently once its task had ended: the run failed.
        case failed = "Failed"
        /// The activity failed transiently; the run is tried again from its `retryAt`.
        case retry = "Retry"
        /// The worker stopped because the task was canceled or ended.
        case canceled = "Canceled"
        /// The worker handed the run back on shutdown; the attempt is not counted.
        case released = "Released"
        /// The lease expired and the reaper took the run back (ready again, failed, or canceled).
        case lost = "Lost"
    }

    /// The end of an open attempt, as ``TaskStateMachine`` decides it: the store closes the open attempt of
    /// ``run`` by ``owner``.
    public struct Closing: Hashable, Sendable {
        public var run: ActivityRun.ID
        public var owner: String
        public var endTime: Date
        public var outcome: Outcome

        public init(run: ActivityRun.ID, owner: String, endTime: Date, outcome: Outcome) {
            self.run = run
            self.owner = owner
            self.endTime = endTime
            self.outcome = outcome
        }
    }

    public var taskID: TaskID
    /// The activity's name in the template.
    public var name: String
    /// The run's ``ActivityRun/attempt`` once claimed. A released attempt is not counted, so the next claim
    /// has the same number.
    public var attempt: Int
    /// The lease owner of the worker that claimed the run.
    public var owner: String
    /// When the run was claimed.
    public var startTime: Date
    /// When the attempt ended; `nil` while it is open.
    public var endTime: Date?
    /// How the attempt ended; `nil` while it is open.
    public var outcome: Outcome?

    public init(taskID: TaskID, name: String, attempt: Int, owner: String, startTime: Date, endTime: Date? = nil,
                outcome: Outcome? = nil) {
        self.taskID = taskID
        self.name = name
        self.attempt = attempt
        self.owner = owner
        self.startTime = startTime
        self.endTime = endTime
        self.outcome = outcome
    }

    /// The run this is an attempt of.
    public var runID: ActivityRun.ID { ActivityRun.ID(taskID: taskID, name: name) }

    /// True until the attempt ends.
    public var isOpen: Bool { endTime == nil }

    /// True when the two attempts' intervals `[startTime, endTime)` intersect by more than `tolerance` seconds, an
    /// open attempt ending at +∞.
    public func overlaps(_ other: ActivityAttempt, tolerance: TimeInterval = 0) -> Bool {
        let start = max(startTime, other.startTime)
        let end = min(endTime ?? .distantFuture, other.endTime ?? .distantFuture)
        return end.timeIntervalSince(start) > tolerance
    }

    /// The pairs of attempts of one run (same task and activity name) whose intervals intersect by more than
    /// `tolerance` seconds: the runs that were held by two workers at once. Empty when no run was. Each pair is in
    /// the order of `attempts`.
    ///
    /// Times are the `now` the callers passed, taken before their transactions: with wall clocks, a claim may be
    /// dated a little before the release or reclaim that committed ahead of it; a small `tolerance` allows for that.
    public static func overlapping(_ attempts: [ActivityAttempt],
                                   tolerance: TimeInterval = 0) -> [(ActivityAttempt, ActivityAttempt)] {
        var byRun: [ActivityRun.ID: [ActivityAttempt]] = [:]
        var order: [ActivityRun.ID] = []
        for attempt in attempts {
            if byRun[attempt.runID] == nil { order.append(attempt.runID) }
            byRun[attempt.runID, default: []].append(attempt)
        }
        var pairs: [(ActivityAttempt, ActivityAttempt)] = []
        for run in order {
            let same = byRun[run] ?? []
            for first in same.indices {
                for second in same.indices where second > first && same[first].overlaps(same[second], tolerance: tolerance) {
                    pairs.append((same[first], same[second]))
                }
            }
        }
        return pairs
    }
}
