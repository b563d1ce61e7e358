import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import GRDB
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// The worker pool on a real SQLite store, with activities whose behaviour the tests control.
@Suite struct WorkerPoolTests {
    final class Gauge: Sendable {
        let state = Mutex((now: 0, peak: 0))
        func enter() { state.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) } }
        func leave() { state.withLock { $0.now -= 1 } }
        var now: Int { state.withLock { $0.now } }
        var peak: Int { state.withLock { $0.peak } }
    }

    static let succeed = ClosureActivity(.mediaInfo) { _ in ActivityResult() }

    /// b and c wait (up to `bound`) until both have run at once, so the peak is what the slots allow. With two
    /// slots they meet as soon as both are claimed (the long bound only guards a broken pool); with one they
    /// never can, and the short bound just lets each end.
    func branchActivity(_ gauge: Gauge, bound: Duration = .milliseconds(200)) -> ClosureActivity {
        ClosureActivity(.snapshot) { _ in
            gauge.enter()
            defer { gauge.leave() }
            let deadline = ContinuousClock.now + bound
            while gauge.peak < 2, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            return ActivityResult()
        }
    }

    /// The diamond's two branches run at once with two slots, one after the other with one.
    @Test(arguments: [1, 2])
    func independentBranchesRunInParallelUpToTheSlots(slots: Int) async throws {
        let harness = try EngineHarness()
        let gauge = Gauge()
        let id = try await harness.startTask(diamondYAML)
        let bound: Duration = slots == 2 ? .seconds(120) : .milliseconds(200)
        try await whileRunning([harness.pool([Self.succeed, branchActivity(gauge, bound: bound)], slots: slots)]) {
            let finished = try await harness.finished(id)
            #expect(finished.status == .succeed)
        }
        #expect(gauge.peak == slots)
    }

    @Test func transientFailuresAreRetriedWithBackoff() async throws {
        let harness = try EngineHarness()
        let policy = RetryPolicy(maxAttempts: 3, initialBackoff: .milliseconds(100), jitter: 0)
        let flaky = ClosureActivity(.mediaInfo, retryPolicy: policy) { context in
            if context.attempt < 3 { throw ActivityError(.storage, "storage timed out", transient: true) }
            return ActivityResult()
        }
        let id = try await harness.startTask(diamondYAML)
        try await whileRunning([harness.pool([flaky, branchActivity(Gauge())])]) {
            let finished = try await harness.finished(id)
            #expect(finished.status == .succeed)
        }
        let run = try await harness.run(id, "a")
        #expect(run.attempt == 3)
        #expect(run.status == .succeed)
    }

    @Test func transientFailuresStopAfterTheLastAttempt() async throws {
        let harness = try EngineHarness()
        let policy = RetryPolicy(maxAttempts: 2, initialBackoff: .milliseconds(50), jitter: 0)
        let broken = ClosureActivity(.mediaInfo, retryPolicy: policy) { _ in
            throw ActivityError(.storage, "storage is down", transient: true)
        }
        let id = try await harness.startTask(diamondYAML)
        try await whileRunning([harness.pool([broken])]) {
            let task = try await harness.finished(id)
            #expect(task.status == .failed)
            #expect(task.message?.contains("storage is down") == true)
        }
        let runA = try await harness.run(id, "a")
        #expect(runA.attempt == 2)
    }

    @Test func deterministicFailuresFailAtOnce() async throws {
        let harness = try EngineHarness()
        let bad = ClosureActivity(.mediaInfo) { _ in throw ActivityError(.invalidInput, "not a media file", transient: false) }
        let id = try await harness.startTask(diamondYAML)
        try await whileRunning([harness.pool([bad])]) {
            let task = try await harness.finished(id)
            #expect(task.status == .failed)
            #expect(task.message == "activity 'a' failed: not a media file")
        }
        let runA = try await harness.run(id, "a")
        #expect(runA.attempt == 1)
        let runB = try await harness.run(id, "b")
        #expect(runB.status == .skipped)
    }

    /// On a full disk the store can write again only once the failed attempt's partial output is gone (`make
    /// reliability`, "disk": FFmpeg filled the disk, the outcome's write failed with "database or disk is full",
    /// the run came back after each lease and the task ended as "its worker stopped answering 5 times"). Here the
    /// store is held locked, as a full disk refuses its writes, for as long as the attempt's scratch file exists:
    /// the worker frees its scratch space first, so the failure is recorded at once, with the activity's message.
    @Test func scratchSpaceIsFreedBeforeTheOutcomeIsRecorded() async throws {
        let harness = try EngineHarness()
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(30)
        let blocker = try DatabaseQueue(path: harness.directory.appending(path: "floe.sqlite").path, configuration: configuration)
        let full = ClosureActivity(.mediaInfo) { context in
            let partial = context.scratchDirectory.appending(path: "partial.mkv")
            try Data(count: 1 << 16).write(to: partial)
            let locked = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                try? blocker.inTransaction(.immediate) { _ in
                    locked.signal()
                    let deadline = Date().addingTimeInterval(60)
                    while FileManager.default.fileExists(atPath: partial.path), Date() < deadline { usleep(10_000) }
                    return .commit
                }
            }
            locked.wait()
            throw ActivityError(.invalidInput, "ffmpeg exited with status 1: No space left on device", transient: false)
        }
        let id = try await harness.startTask("""
        Name: full-disk
        Activities: {Start: {Type: Start}, a: {Type: MediaInfo}, End: {Type: End}}
        Dependencies: {Start: [a], a: [End]}
        """)
        try await whileRunning([harness.pool([full], slots: 1, heartbeat: .seconds(5))]) {  // no heartbeat waits on the lock
            let task = try await harness.finished(id, timeout: .seconds(40))  // the lock holds for 60 s without the fix
            #expect(task.status == .failed)
            #expect(task.message == "activity 'a' failed: ffmpeg exited with status 1: No space left on device")
        }
        let run = try await harness.run(id, "a")
        #expect(run.attempt == 1)
    }

    @Test func cancelStopsARunningActivity() async throws {
        let harness = try EngineHarness()
        let started = Gauge()
        let endless = ClosureActivity(.mediaInfo) { _ in
            started.enter()
            try await Task.sleep(for: .seconds(600))
            return ActivityResult()
        }
        let id = try await harness.startTask(diamondYAML)
        try await whileRunning([harness.pool([endless])]) {
            try await eventually("the activity starts") { started.peak == 1 }
            try await harness.store.cancelTask(id, now: Date())
            try await eventually("the running activity is canceled") { try await harness.run(id, "a").status == .canceled }
        }
        let canceled = try await harness.task(id)
        #expect(canceled.status == .canceled)
    }

    @Test func anExpiredLeaseIsReclaimedAndTheTaskFinishes() async throws {
        let harness = try EngineHarness()
        let id = try await harness.startTask(diamondYAML)
        // A worker claims the first activity and dies without a word.
        let claimed = try await harness.store.claim(owner: "dead-worker", limit: 1, leaseDuration: .milliseconds(200), now: Date())
        #expect(claimed.map(\.name) == ["a"])
        let reaper = LeaseReaper(store: harness.store, interval: .milliseconds(100), maxAttempts: 5, logger: Logger(label: "test"))
        try await whileRunning([harness.pool([Self.succeed, branchActivity(Gauge())]), reaper]) {
            let finished = try await harness.finished(id)
            #expect(finished.status == .succeed)
        }
        let runA = try await harness.run(id, "a")
        #expect(runA.attempt == 2)
    }

    @Test func gracefulShutdownHandsRunningActivitiesBack() async throws {
        let harness = try EngineHarness()
        let started = Gauge()
        let endless = ClosureActivity(.mediaInfo) { _ in
            started.enter()
            try await Task.sleep(for: .seconds(600))
            return ActivityResult()
        }
        let id = try await harness.startTask(diamondYAML)
        let group = ServiceGroup(services: [harness.pool([endless])], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await eventually("the activity starts") { started.peak == 1 }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let run = try await harness.run(id, "a")
        #expect(run.status == .ready)
        #expect(run.attempt == 0)
        #expect(run.leaseOwner == nil)
    }

    @Test func progressReachesTheStore() async throws {
        let harness = try EngineHarness()
        let gate = Gauge()
        let slow = ClosureActivity(.mediaInfo) { context in
            context.heartbeat(progress: 42)
            while gate.now == 0 { try await Task.sleep(for: .milliseconds(20)) }
            return ActivityResult()
        }
        let id = try await harness.startTask(diamondYAML)
        try await whileRunning([harness.pool([slow, branchActivity(Gauge())])]) {
            try await eventually("progress 42 is stored") { try await harness.run(id, "a").progress == 42 }
            gate.enter()
            let finished = try await harness.finished(id)
            #expect(finished.status == .succeed)
        }
    }
}
