import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    static let attemptCases: [Case] = [
        Case("attempts: a claim opens one, a success closes it", attemptSucceeded),
        Case("attempts: a transient failure is Retry, the retry a second attempt", attemptRetried),
        Case("attempts: an expired lease is Lost, the late owner changes nothing", attemptLost),
        Case("attempts: a reclaim past maxAttempts is Lost", attemptLostAtMaxAttempts),
        Case("attempts: release is Released, the next claim has the same number", attemptReleased),
        Case("attempts: a task ended under a running run leaves its attempt open", attemptOpenAfterTaskEnded),
        Case("attempts: interleaved workers and a reaper never hold a run at once", attemptsNeverOverlap),
    ]

    static func attemptSucceeded(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        #expect(try await store.attempts(of: task.id).isEmpty, "Start is structural, never claimed")
        #expect(try await store.attempts(of: .generate()).isEmpty)

        try await claim(["a"], in: store, owner: "w1", at: Samples.time(1))
        let open = try await store.attempts(of: task.id)
        #expect(open.count == 1)
        expectAttempt(open.first, "a", attempt: 1, owner: "w1", start: 1, end: nil, nil)
        #expect(open.first?.isOpen == true)
        #expect(try await store.heartbeat(a, owner: "w1", progress: 50, leaseDuration: lease, now: Samples.time(2)) == .held)
        #expect(try await store.attempts(of: task.id).count == 1, "a heartbeat writes no history")

        #expect(try await store.complete(a, owner: "w1", outcome: succeeded(), now: Samples.time(3)))
        let closed = try await store.attempts(of: task.id)
        #expect(closed.count == 1)
        expectAttempt(closed.first, "a", attempt: 1, owner: "w1", start: 1, end: 3, .succeeded)

        // b and c are claimed at one time: ordered by start time, then name.
        try await claim(["b", "c"], in: store, owner: "w2", at: Samples.time(4))
        #expect(try await store.complete(ActivityRun.ID(taskID: task.id, name: "c"), owner: "w2", outcome: succeeded(),
                                         now: Samples.time(5)))
        #expect(try await store.complete(ActivityRun.ID(taskID: task.id, name: "b"), owner: "w2", outcome: succeeded(),
                                         now: Samples.time(6)))
        let all = try await store.attempts(of: task.id)
        #expect(all.map(\.name) == ["a", "b", "c"])
        expectAttempt(all.last, "c", attempt: 1, owner: "w2", start: 4, end: 5, .succeeded)
        #expect(try await status(of: task.id, in: store) == .succeed)
        #expect(ActivityAttempt.overlapping(all).isEmpty)
    }

    static func attemptRetried(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(0))
        let transient = ActivityError(.storage, "timed out", transient: true)
        #expect(try await store.complete(a, owner: "w1", outcome: .failed(transient, retryAt: Samples.time(60)),
                                         now: Samples.time(1)))
        let first = try await store.attempts(of: task.id)
        #expect(first.count == 1)
        expectAttempt(first.first, "a", attempt: 1, owner: "w1", start: 0, end: 1, .retry)

        try await claim(["a"], in: store, owner: "w2", at: Samples.time(60))
        let deterministic = ActivityError(.invalidInput, "not media", transient: false)
        #expect(try await store.complete(a, owner: "w2", outcome: .failed(deterministic, retryAt: nil), now: Samples.time(61)))
        let both = try await store.attempts(of: task.id)
        #expect(both.count == 2)
        expectAttempt(both.first, "a", attempt: 1, owner: "w1", start: 0, end: 1, .retry)
        expectAttempt(both.last, "a", attempt: 2, owner: "w2", start: 60, end: 61, .failed)
        #expect(try await status(of: task.id, in: store) == .failed)
    }

    static func attemptLost(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(0))
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(31), maxAttempts: 3) == 1)
        let lost = try await store.attempts(of: task.id)
        #expect(lost.count == 1)
        expectAttempt(lost.first, "a", attempt: 1, owner: "w1", start: 0, end: 31, .lost)

        try await claim(["a"], in: store, owner: "w2", at: Samples.time(32))
        let before = try await store.attempts(of: task.id)
        #expect(try await !store.complete(a, owner: "w1", outcome: succeeded(), now: Samples.time(33)))
        try await store.release(a, owner: "w1", now: Samples.time(33))
        #expect(try await store.attempts(of: task.id) == before, "the first owner's late reports change nothing")
        #expect(before.count == 2)
        expectAttempt(before.last, "a", attempt: 2, owner: "w2", start: 32, end: nil, nil)
        let firstEnd = try #require(before.first?.endTime)
        #expect(try #require(before.last).startTime >= firstEnd)

        #expect(try await store.complete(a, owner: "w2", outcome: succeeded(), now: Samples.time(34)))
        let after = try await store.attempts(of: task.id)
        expectAttempt(after.last, "a", attempt: 2, owner: "w2", start: 32, end: 34, .succeeded)
        #expect(ActivityAttempt.overlapping(after).isEmpty)
    }

    static func attemptLostAtMaxAttempts(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(0))
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(31), maxAttempts: 2) == 1)
        try await claim(["a"], in: store, owner: "w2", at: Samples.time(32))
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(63), maxAttempts: 2) == 1)
        #expect(try await status(of: task.id, in: store) == .failed)

        let attempts = try await store.attempts(of: task.id)
        #expect(attempts.count == 2)
        expectAttempt(attempts.first, "a", attempt: 1, owner: "w1", start: 0, end: 31, .lost)
        expectAttempt(attempts.last, "a", attempt: 2, owner: "w2", start: 32, end: 63, .lost)
    }

    static func attemptReleased(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(1))
        try await store.release(a, owner: "w1", now: Samples.time(3))
        let released = try await store.attempts(of: task.id)
        #expect(released.count == 1)
        expectAttempt(released.first, "a", attempt: 1, owner: "w1", start: 1, end: 3, .released)

        try await claim(["a"], in: store, owner: "w2", at: Samples.time(3))
        let again = try await store.attempts(of: task.id)
        #expect(again.count == 2)
        expectAttempt(again.first, "a", attempt: 1, owner: "w1", start: 1, end: 3, .released)
        expectAttempt(again.last, "a", attempt: 1, owner: "w2", start: 3, end: nil, nil)
        #expect(ActivityAttempt.overlapping(again).isEmpty, "[1, 3) and [3, ∞) do not intersect")
    }

    static func attemptOpenAfterTaskEnded(_ store: any WorkflowStore) async throws {
        // Canceled under a running run: the attempt stays open until the worker reports.
        let canceled = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: canceled.id, name: "a")
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(1))
        try await store.cancelTask(canceled.id, now: Samples.time(2))
        expectAttempt(try await store.attempts(of: canceled.id).first, "a", attempt: 1, owner: "w1", start: 1, end: nil, nil)
        #expect(try await store.heartbeat(a, owner: "w1", progress: 10, leaseDuration: lease, now: Samples.time(3)) == .stop)
        #expect(try await store.complete(a, owner: "w1", outcome: .canceled, now: Samples.time(4)))
        let reported = try await store.attempts(of: canceled.id)
        #expect(reported.count == 1)
        expectAttempt(reported.first, "a", attempt: 1, owner: "w1", start: 1, end: 4, .canceled)

        // Failed by b while c runs: c's attempt stays open until the reaper takes its lease back.
        let failed = try await makeTask(in: store, at: Samples.time(10))
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(10))
        #expect(try await store.complete(ActivityRun.ID(taskID: failed.id, name: "a"), owner: "w1", outcome: succeeded(),
                                         now: Samples.time(11)))
        try await claim(["b", "c"], in: store, owner: "w2", at: Samples.time(12))
        let error = ActivityError(.invalidInput, "corrupt", transient: false)
        #expect(try await store.complete(ActivityRun.ID(taskID: failed.id, name: "b"), owner: "w2",
                                         outcome: .failed(error, retryAt: nil), now: Samples.time(13)))
        #expect(try await status(of: failed.id, in: store) == .failed)
        expectAttempt(try await store.attempts(of: failed.id).last, "c", attempt: 1, owner: "w2", start: 12, end: nil, nil)
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(43), maxAttempts: 3) == 1)
        let reclaimed = try await store.attempts(of: failed.id)
        #expect(reclaimed.map(\.outcome) == [.succeeded, .failed, .lost])
        expectAttempt(reclaimed.last, "c", attempt: 1, owner: "w2", start: 12, end: 43, .lost)
    }

    /// Six workers claim, renew, complete, fail transiently, release or go silent (and report late), and a reaper
    /// reclaims, interleaved in a pseudo-random order on a clock that moves forward; the history shows no run held by
    /// two workers at once, and exactly the running runs have an open attempt, by their lease holder.
    static func attemptsNeverOverlap(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        var tasks: [TaskID] = []
        for index in 0..<8 {
            tasks.append(try await makeTask(in: store, at: Samples.time(index), template: template).id)
        }
        let shortLease: Duration = .seconds(5)
        var held: [(String, ActivityRun.ID)] = []
        var random: UInt64 = 0x9E37_79B9_7F4A_7C15
        func roll(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        for step in 0..<600 {
            let now = Samples.time(100 + step)
            let action = roll(10)
            if action == 0 {
                try await store.reclaimExpiredLeases(now: now, maxAttempts: 50)
            } else if action <= 2 || held.isEmpty {
                let owner = "worker-\(roll(6))"
                let claimed = try await store.claim(owner: owner, limit: 2, leaseDuration: shortLease, now: now)
                held += claimed.map { (owner, $0.id) }
            } else {
                // A held run (or one whose lease the reaper took back meanwhile: a late report).
                let (owner, run) = held.remove(at: roll(held.count))
                switch action {
                case 3: try await store.release(run, owner: owner, now: now)
                case 4:
                    let error = ActivityError(.storage, "flaky", transient: true)
                    try await store.complete(run, owner: owner, outcome: .failed(error, retryAt: now.addingTimeInterval(2)),
                                             now: now)
                case 5: break  // goes silent: the reaper takes the run back
                case 6:  // renews and goes on
                    _ = try await store.heartbeat(run, owner: owner, progress: 50, leaseDuration: shortLease, now: now)
                    held.append((owner, run))
                default: try await store.complete(run, owner: owner, outcome: succeeded(), now: now)
                }
            }
        }
        var all: [ActivityAttempt] = []
        for task in tasks {
            let attempts = try await store.attempts(of: task)
            #expect(zip(attempts, attempts.dropFirst()).allSatisfy { ($0.startTime, $0.name) <= ($1.startTime, $1.name) },
                    "ordered by start time, then name")
            let runs = try await Self.runs(of: task, in: store)
            let open = attempts.filter(\.isOpen)
            #expect(Set(open.map(\.name)) == Set(runs.values.filter { $0.status == .running }.map(\.name)),
                    "exactly the running runs have an open attempt")
            for attempt in open { #expect(runs[attempt.name]?.leaseOwner == attempt.owner) }
            all += attempts
        }
        let outcomes = Set(all.compactMap(\.outcome))
        #expect(outcomes.isSuperset(of: [.succeeded, .retry, .released, .lost]), "\(outcomes)")
        #expect(ActivityAttempt.overlapping(all).isEmpty, "\(ActivityAttempt.overlapping(all).prefix(3))")
    }

    // MARK: Helpers

    /// Expects `attempt` to be of run `name`, with these fields; `start` and `end` are ``Samples/time(_:)`` seconds.
    static func expectAttempt(_ attempt: ActivityAttempt?, _ name: String, attempt number: Int, owner: String, start: Int,
                              end: Int?, _ outcome: ActivityAttempt.Outcome?,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        guard let attempt else {
            Issue.record("no attempt of \(name)", sourceLocation: sourceLocation)
            return
        }
        #expect(attempt.name == name, sourceLocation: sourceLocation)
        #expect(attempt.attempt == number, sourceLocation: sourceLocation)
        #expect(attempt.owner == owner, sourceLocation: sourceLocation)
        #expect(Samples.sameTime(attempt.startTime, Samples.time(start)), sourceLocation: sourceLocation)
        #expect(Samples.sameTime(attempt.endTime, end.map(Samples.time)), sourceLocation: sourceLocation)
        #expect(attempt.outcome == outcome, sourceLocation: sourceLocation)
    }
}
