import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    static func claimOrder(_ store: any WorkflowStore) async throws {
        let newer = try await makeTask(in: store, at: Samples.time(5))
        let older = try await makeTask(in: store, at: Samples.time(1))
        let third = try await makeTask(in: store, at: Samples.time(9))
        #expect(try await store.claim(owner: "w1", limit: 0, leaseDuration: lease, now: Samples.time(10)).isEmpty)

        let one = try await store.claim(owner: "w1", limit: 1, leaseDuration: lease, now: Samples.time(10))
        #expect(one.map(\.taskID) == [older.id])
        #expect(one.first?.status == .running)
        let two = try await store.claim(owner: "w2", limit: 2, leaseDuration: lease, now: Samples.time(10))
        #expect(two.map(\.taskID) == [newer.id, third.id])
        #expect(try await store.claim(owner: "w3", limit: 5, leaseDuration: lease, now: Samples.time(10)).isEmpty)

        let stored = try await Self.runs(of: newer.id, in: store)["a"]
        #expect(stored?.status == .running)
        #expect(stored?.leaseOwner == "w2")
        #expect(stored?.attempt == 1)
        #expect(Samples.sameTime(stored?.startTime, Samples.time(10)))
        #expect(try await status(of: newer.id, in: store) == .processing)
    }

    static func concurrentClaimers(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        var expected: Set<ActivityRun.ID> = []
        for index in 0..<40 {
            let task = try await makeTask(in: store, at: Samples.time(index), template: template)
            expected.insert(ActivityRun.ID(taskID: task.id, name: "a"))
        }
        let claims = try await withThrowingTaskGroup(of: (String, [ActivityRun]).self) { group in
            for worker in 0..<8 {
                group.addTask {
                    let owner = "worker-\(worker)"
                    var mine: [ActivityRun] = []
                    while true {
                        let batch = try await store.claim(owner: owner, limit: 3, leaseDuration: lease, now: Samples.time(100))
                        if batch.isEmpty { return (owner, mine) }
                        mine += batch
                        await Task.yield()
                    }
                }
            }
            return try await group.reduce(into: [(String, [ActivityRun])]()) { $0.append($1) }
        }
        let all = claims.flatMap(\.1)
        #expect(all.count == expected.count)
        #expect(Set(all.map(\.id)) == expected)
        for (owner, runs) in claims {
            #expect(runs.allSatisfy { $0.leaseOwner == owner && $0.status == .running && $0.attempt == 1 })
            for run in runs {
                #expect(try await Self.runs(of: run.taskID, in: store)[run.name]?.leaseOwner == owner)
            }
        }
    }

    static func leaseExpiry(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(0))
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(10), maxAttempts: 3) == 0)
        #expect(try await store.heartbeat(a, owner: "w1", progress: 42, leaseDuration: lease, now: Samples.time(20)) == .held)
        let renewed = try await Self.runs(of: task.id, in: store)["a"]
        #expect(renewed?.progress == 42)
        #expect(Samples.sameTime(renewed?.leaseExpiresAt, Samples.time(50)))
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(40), maxAttempts: 3) == 0)
        #expect(try await store.heartbeat(a, owner: "w1", progress: nil, leaseDuration: lease, now: Samples.time(25)) == .held)
        #expect(try await runs(of: task.id, in: store)["a"]?.progress == 42)

        #expect(try await store.reclaimExpiredLeases(now: Samples.time(56), maxAttempts: 3) == 1)
        let reclaimed = try #require(try await runs(of: task.id, in: store)["a"])
        #expect(reclaimed.status == .ready)
        #expect(reclaimed.attempt == 1)
        #expect(reclaimed.leaseOwner == nil)
        #expect(reclaimed.leaseExpiresAt == nil)
        #expect(try await store.heartbeat(a, owner: "w1", progress: 50, leaseDuration: lease, now: Samples.time(57)) == .lost)
        #expect(try await !store.complete(a, owner: "w1", outcome: succeeded(), now: Samples.time(57)))

        let again = try await claim(["a"], in: store, owner: "w2", at: Samples.time(58))
        #expect(again.first?.attempt == 2)
        #expect(again.first?.leaseOwner == "w2")
        #expect(try await store.complete(a, owner: "w2", outcome: succeeded(), now: Samples.time(59)))
        #expect(try await statuses(of: task.id, in: store)["b"] == .ready)
    }

    static func leaseMaxAttempts(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(0))
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(31), maxAttempts: 2) == 1)
        try await claim(["a"], in: store, owner: "w2", at: Samples.time(32))
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(63), maxAttempts: 2) == 1)

        let ended = try #require(try await store.task(task.id))
        #expect(ended.status == .failed)
        #expect(Samples.sameTime(ended.finishTime, Samples.time(63)))
        let runs = try await Self.runs(of: task.id, in: store)
        #expect(runs["a"]?.status == .failed)
        #expect(runs["a"]?.attempt == 2)
        #expect(runs["a"]?.error?.code == .leaseExpired)
        #expect(runs["b"]?.status == .skipped)
        #expect(runs["End"]?.status == .skipped)
        #expect(try await store.claim(owner: "w3", limit: 10, leaseDuration: lease, now: Samples.time(64)).isEmpty)
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(200), maxAttempts: 2) == 0)
    }

    static func retryScheduling(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        try await claim(["a"], in: store, at: Samples.time(0))
        let error = ActivityError(.storage, "timed out", transient: true)
        #expect(try await store.complete(a, owner: "w1", outcome: .failed(error, retryAt: Samples.time(60)), now: Samples.time(1)))

        let waiting = try #require(try await runs(of: task.id, in: store)["a"])
        #expect(waiting.status == .ready)
        #expect(waiting.error == error)
        #expect(waiting.attempt == 1)
        #expect(waiting.leaseOwner == nil)
        #expect(Samples.sameTime(waiting.notBefore, Samples.time(60)))
        #expect(try await status(of: task.id, in: store) == .processing)

        #expect(try await store.claim(owner: "w1", limit: 10, leaseDuration: lease, now: Samples.time(30)).isEmpty)
        #expect(try await store.claim(owner: "w1", limit: 10, leaseDuration: lease, now: Samples.time(59)).isEmpty)
        let retried = try await claim(["a"], in: store, owner: "w2", at: Samples.time(60))
        #expect(retried.first?.attempt == 2)
        #expect(retried.first?.notBefore == nil)
        #expect(try await store.complete(a, owner: "w2", outcome: succeeded(), now: Samples.time(61)))
        let done = try await Self.runs(of: task.id, in: store)["a"]
        #expect(done?.status == .succeed)
        #expect(done?.error == nil)
    }

    static func nonOwner(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(1))
        let runsBefore = try await store.activityRuns(of: task.id)
        let taskBefore = try await store.task(task.id)
        let mediaBefore = try await store.media(task.mediaID)

        let file = Samples.output("\(task.id)/stray.mp4", activity: "a")
        #expect(try await !store.complete(a, owner: "w2", outcome: succeeded([file]), now: Samples.time(2)))
        #expect(try await !store.complete(a, owner: "w2", outcome: .failed(ActivityError(.invalidInput, "x", transient: false), retryAt: nil),
                                          now: Samples.time(2)))
        #expect(try await !store.complete(ActivityRun.ID(taskID: task.id, name: "b"), owner: "w1", outcome: succeeded(), now: Samples.time(2)))
        #expect(try await !store.complete(ActivityRun.ID(taskID: .generate(), name: "a"), owner: "w1", outcome: succeeded(), now: Samples.time(2)))
        #expect(try await store.heartbeat(a, owner: "w2", progress: 10, leaseDuration: lease, now: Samples.time(2)) == .lost)
        #expect(try await store.heartbeat(ActivityRun.ID(taskID: .generate(), name: "a"), owner: "w1", progress: 10,
                                          leaseDuration: lease, now: Samples.time(2)) == .lost)
        try await store.release(a, owner: "w2", now: Samples.time(2))

        #expect(try await store.activityRuns(of: task.id) == runsBefore)
        #expect(try await store.task(task.id) == taskBefore)
        #expect(try await store.media(task.mediaID) == mediaBefore)
    }

    static func release(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        let a = ActivityRun.ID(taskID: task.id, name: "a")
        try await claim(["a"], in: store, owner: "w1", at: Samples.time(1))
        #expect(try await store.heartbeat(a, owner: "w1", progress: 30, leaseDuration: lease, now: Samples.time(2)) == .held)
        try await store.release(a, owner: "w1", now: Samples.time(3))

        let released = try #require(try await runs(of: task.id, in: store)["a"])
        #expect(released.status == .ready)
        #expect(released.attempt == 0)
        #expect(released.leaseOwner == nil)
        #expect(released.leaseExpiresAt == nil)
        #expect(released.progress == nil)
        #expect(try await store.reclaimExpiredLeases(now: Samples.time(100), maxAttempts: 1) == 0)

        let again = try await claim(["a"], in: store, owner: "w2", at: Samples.time(4))
        #expect(again.first?.attempt == 1)
        #expect(try await store.heartbeat(a, owner: "w1", progress: 30, leaseDuration: lease, now: Samples.time(5)) == .lost)
    }

    /// Work made after a mark, before the wait starts (while a worker's claim found nothing), is not missed.
    static func waitForWorkAfterAMark(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        try await store.saveTemplate(template)
        let mark = store.workMark()
        _ = try await makeTask(in: store, at: Samples.time(1), template: template)
        let start = ContinuousClock.now
        await store.waitForWork(after: mark, timeout: .seconds(30))
        #expect(ContinuousClock.now - start < .seconds(15), "the wait returns at once: the task came after the mark")
    }

    static func waitForWork(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        try await store.saveTemplate(template)
        let wokenFirst = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                await store.waitForWork(timeout: .seconds(600))
                return true
            }
            // The waiter may not be waiting yet when a task is made: make one every 100 ms until it wakes.
            group.addTask {
                for index in 0..<300 {
                    try await Task.sleep(for: .milliseconds(100))
                    _ = try await makeTask(in: store, at: Samples.time(index), template: template)
                }
                return false
            }
            let first = try await group.next()
            group.cancelAll()
            return first
        }
        #expect(wokenFirst == true, "the waiter wakes on a new task, long before its timeout")
    }
}
