import FloeCore
import Foundation
import Testing

@testable import FloeEngine

/// The pure decisions of a task, without a store.
@Suite struct TaskStateMachineTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// Start -> probe -> (mp4, cover) -> End
    func diamond() throws -> WorkflowTask {
        let document = try TemplateDocument.parse("""
        Name: diamond
        Activities:
          Start: {Type: Start}
          probe: {Type: MediaInfo}
          mp4: {Type: Transcode, Parameters: {Outputs: [{Name: a, Container: mp4}]}}
          cover: {Type: Snapshot}
          End: {Type: End}
        Dependencies: {Start: [probe], probe: [mp4, cover], mp4: [End], cover: [End]}
        """)
        return WorkflowTask(accountID: try AccountID("1"), workflowID: .generate(), workflowName: document.name, topology: document.topology,
                            input: .media(.generate()), mediaID: .generate(), createTime: t0)
    }

    func lease(_ seconds: Double = 30) -> Date { t0.addingTimeInterval(seconds) }

    @Test func newTaskSucceedsStartAndReadiesItsSuccessors() throws {
        let machine = TaskStateMachine.newTask(try diamond(), now: t0)
        #expect(machine.runs["Start"]?.status == .succeed)
        #expect(machine.runs["probe"]?.status == .ready)
        #expect(machine.runs["mp4"]?.status == .waiting)
        #expect(machine.runs["End"]?.status == .waiting)
        #expect(machine.task.status == .initial)
        #expect(machine.changedRuns.count == 5)
    }

    @Test func claimLeasesARunAndStartsTheTask() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        let ok1 = machine.claim("probe", owner: "w1", leaseExpiresAt: lease(), now: t0)
        #expect(ok1)
        #expect(machine.runs["probe"]?.status == .running)
        #expect(machine.runs["probe"]?.attempt == 1)
        #expect(machine.runs["probe"]?.leaseOwner == "w1")
        #expect(machine.task.status == .processing)
        let ok2 = machine.claim("probe", owner: "w2", leaseExpiresAt: lease(), now: t0)
        #expect(!ok2, "a running run cannot be claimed again")
        let ok3 = machine.claim("mp4", owner: "w2", leaseExpiresAt: lease(), now: t0)
        #expect(!ok3, "a waiting run cannot be claimed")
    }

    @Test func branchesBecomeReadyTogetherAndEndWaitsForBoth() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        let ok4 = machine.complete("probe", owner: "w", outcome: .succeeded(ActivityResult()), now: t0)
        #expect(ok4)
        #expect(machine.runs["mp4"]?.status == .ready)
        #expect(machine.runs["cover"]?.status == .ready)
        _ = machine.claim("mp4", owner: "w", leaseExpiresAt: lease(), now: t0)
        _ = machine.claim("cover", owner: "w", leaseExpiresAt: lease(), now: t0)
        _ = machine.complete("mp4", owner: "w", outcome: .succeeded(ActivityResult()), now: t0)
        #expect(machine.runs["End"]?.status == .waiting)
        #expect(machine.task.status == .processing)
        let end = t0.addingTimeInterval(9)
        _ = machine.complete("cover", owner: "w", outcome: .succeeded(ActivityResult()), now: end)
        #expect(machine.runs["End"]?.status == .succeed)
        #expect(machine.task.status == .succeed)
        #expect(machine.task.finishTime == end)
    }

    @Test func outputFilesAreHandedToTheStore() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        let file = MediaFile(location: try StorageLocation(parsing: "oss://out/a.mp4"), fileType: .transcodeFile)
        _ = machine.complete("probe", owner: "w", outcome: .succeeded(ActivityResult(files: [file])), now: t0)
        #expect(machine.newFiles == [file])
    }

    @Test func transientFailureWithRetryTimeMakesTheRunReadyLater() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        let error = ActivityError(.storage, "timeout", transient: true)
        let retryAt = t0.addingTimeInterval(4)
        _ = machine.complete("probe", owner: "w", outcome: .failed(error, retryAt: retryAt), now: t0)
        #expect(machine.runs["probe"]?.status == .ready)
        #expect(machine.runs["probe"]?.error == error)
        #expect(!machine.isClaimable("probe", now: t0.addingTimeInterval(3)))
        #expect(machine.isClaimable("probe", now: retryAt))
        let ok5 = machine.claim("probe", owner: "w", leaseExpiresAt: lease(60), now: retryAt)
        #expect(ok5)
        #expect(machine.runs["probe"]?.attempt == 2)
        #expect(machine.task.status == .processing)
    }

    @Test func finalFailureFailsTheTaskAndSkipsTheRest() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        let error = ActivityError(.invalidInput, "not media", transient: false)
        _ = machine.complete("probe", owner: "w", outcome: .failed(error, retryAt: nil), now: t0)
        #expect(machine.runs["probe"]?.status == .failed)
        #expect(machine.task.status == .failed)
        #expect(machine.task.message == "activity 'probe' failed: not media")
        #expect(machine.task.finishTime == t0)
        for name in ["mp4", "cover", "End"] { #expect(machine.runs[name]?.status == .skipped) }
    }

    @Test func aFailedBranchStopsTheOtherBranchAtItsNextHeartbeat() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        _ = machine.complete("probe", owner: "w", outcome: .succeeded(ActivityResult()), now: t0)
        _ = machine.claim("mp4", owner: "a", leaseExpiresAt: lease(), now: t0)
        _ = machine.claim("cover", owner: "b", leaseExpiresAt: lease(), now: t0)
        _ = machine.complete("cover", owner: "b", outcome: .failed(ActivityError(.invalidInput, "x", transient: false), retryAt: nil), now: t0)
        #expect(machine.task.status == .failed)
        let ok6 = machine.heartbeat("mp4", owner: "a", progress: 50, leaseExpiresAt: lease(60))
        #expect(ok6 == .stop)
        _ = machine.complete("mp4", owner: "a", outcome: .canceled, now: t0)
        #expect(machine.runs["mp4"]?.status == .canceled)
        #expect(machine.task.status == .failed, "a late report does not change an ended task")
    }

    @Test func heartbeatRenewsOnlyTheOwnersLease() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        let ok7 = machine.heartbeat("probe", owner: "w", progress: 40, leaseExpiresAt: lease(60))
        #expect(ok7 == .held)
        #expect(machine.runs["probe"]?.leaseExpiresAt == lease(60))
        #expect(machine.runs["probe"]?.progress == 40)
        let ok8 = machine.heartbeat("probe", owner: "intruder", progress: 90, leaseExpiresAt: lease(90))
        #expect(ok8 == .lost)
        #expect(machine.runs["probe"]?.progress == 40)
    }

    @Test func completionByANonOwnerChangesNothing() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        let before = machine.runs
        let ok9 = machine.complete("probe", owner: "other", outcome: .succeeded(ActivityResult()), now: t0)
        #expect(!ok9)
        #expect(machine.runs == before)
    }

    @Test func expiredLeaseMakesTheRunReadyAgainUntilAttemptsAreSpent() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        machine.expireLease("probe", now: lease(10), maxAttempts: 2)  // not expired yet
        #expect(machine.runs["probe"]?.status == .running)
        machine.expireLease("probe", now: lease(31), maxAttempts: 2)
        #expect(machine.runs["probe"]?.status == .ready)
        #expect(machine.runs["probe"]?.leaseOwner == nil)
        #expect(machine.runs["probe"]?.attempt == 1)
        _ = machine.claim("probe", owner: "w2", leaseExpiresAt: lease(100), now: lease(31))
        machine.expireLease("probe", now: lease(101), maxAttempts: 2)
        #expect(machine.runs["probe"]?.status == .failed)
        #expect(machine.runs["probe"]?.error?.code == .leaseExpired)
        #expect(machine.task.status == .failed)
    }

    @Test func releaseHandsTheRunBackWithoutCountingTheAttempt() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        machine.release("probe", owner: "w", now: t0)
        #expect(machine.runs["probe"]?.status == .ready)
        #expect(machine.runs["probe"]?.attempt == 0)
    }

    @Test func cancelCancelsPendingRunsAndStopsRunningOnes() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        _ = machine.claim("probe", owner: "w", leaseExpiresAt: lease(), now: t0)
        try machine.cancel(now: t0)
        #expect(machine.task.status == .canceled)
        #expect(machine.task.finishTime == t0)
        #expect(machine.runs["mp4"]?.status == .canceled)
        #expect(machine.runs["probe"]?.status == .running)
        let ok10 = machine.heartbeat("probe", owner: "w", progress: nil, leaseExpiresAt: lease())
        #expect(ok10 == .stop)
        _ = machine.complete("probe", owner: "w", outcome: .canceled, now: t0)
        #expect(machine.runs["probe"]?.status == .canceled)
        #expect(throws: FloeError.self) { try machine.cancel(now: t0) }
    }

    @Test func retryPolicyBacksOffExponentiallyAndStopsForDeterministicErrors() {
        let policy = RetryPolicy(maxAttempts: 4, initialBackoff: .seconds(2), multiplier: 2, maxBackoff: .seconds(5), jitter: 0.5)
        let transient = ActivityError(.storage, "x", transient: true)
        #expect(policy.delay(after: 1, error: transient, random: 0.5) == .seconds(2))
        #expect(policy.delay(after: 2, error: transient, random: 0.5) == .seconds(4))
        #expect(policy.delay(after: 3, error: transient, random: 0.5) == .seconds(5), "capped at maxBackoff")
        #expect(policy.delay(after: 4, error: transient, random: 0.5) == nil, "attempts spent")
        #expect(policy.delay(after: 1, error: transient, random: 0) == .seconds(1), "jitter -50%")
        #expect(policy.delay(after: 1, error: transient, random: 1) == .seconds(3), "jitter +50%")
        #expect(policy.delay(after: 1, error: ActivityError(.invalidInput, "x", transient: false), random: 0.5) == nil)
    }

    @Test func errorsAreClassifiedAsTransientOrDeterministic() {
        #expect(ActivityError(classifying: FloeError(.storage, "disk")).isTransient)
        #expect(!ActivityError(classifying: FloeError.notFound("gone")).isTransient)
        #expect(!ActivityError(classifying: FloeError.invalidLocation("bad")).isTransient)
        #expect(ActivityError(classifying: CocoaError(.fileReadUnknown)).isTransient)
    }
}

/// The attempt history a machine asks its store to write.
extension TaskStateMachineTests {
    @Test func claimOpensAnAttemptAndEachEndClosesIt() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        #expect(machine.openedAttempts.isEmpty)
        let claimed = machine.claim("probe", owner: "w1", leaseExpiresAt: lease(), now: t0)
        #expect(claimed)
        #expect(machine.openedAttempts == [ActivityAttempt(taskID: machine.task.id, name: "probe", attempt: 1, owner: "w1",
                                                           startTime: t0)])
        let id = ActivityRun.ID(taskID: machine.task.id, name: "probe")
        var next = TaskStateMachine(task: machine.task, runs: Array(machine.runs.values))
        next.release("probe", owner: "w2", now: t0)
        #expect(next.closedAttempts.isEmpty, "a non-owner closes nothing")
        next.release("probe", owner: "w1", now: lease(1))
        #expect(next.closedAttempts == [ActivityAttempt.Closing(run: id, owner: "w1", endTime: lease(1), outcome: .released)])

        var retried = TaskStateMachine(task: machine.task, runs: Array(machine.runs.values))
        let transient = ActivityError(.storage, "timed out", transient: true)
        let completed = retried.complete("probe", owner: "w1", outcome: .failed(transient, retryAt: lease(60)), now: lease(2))
        #expect(completed)
        #expect(retried.closedAttempts.map(\.outcome) == [.retry])

        var lost = TaskStateMachine(task: machine.task, runs: Array(machine.runs.values))
        lost.expireLease("probe", now: lease(31), maxAttempts: 1)
        #expect(lost.closedAttempts == [ActivityAttempt.Closing(run: id, owner: "w1", endTime: lease(31), outcome: .lost)])
        #expect(lost.runs["probe"]?.status == .failed)
    }

    @Test func aTransientFailureAfterTheTaskEndedIsFailed() throws {
        var machine = TaskStateMachine.newTask(try diamond(), now: t0)
        let claimed = machine.claim("probe", owner: "w1", leaseExpiresAt: lease(), now: t0)
        #expect(claimed)
        try machine.cancel(now: t0)
        let transient = ActivityError(.storage, "timed out", transient: true)
        let completed = machine.complete("probe", owner: "w1", outcome: .failed(transient, retryAt: lease(60)), now: lease(2))
        #expect(completed)
        #expect(machine.closedAttempts.map(\.outcome) == [.failed])
    }
}
