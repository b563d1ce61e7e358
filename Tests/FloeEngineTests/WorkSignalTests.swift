@testable import FloeEngine
import Testing

@Suite struct WorkSignalTests {
    let clock = ContinuousClock()

    /// Waits until `signal` has `count` suspended waiters.
    func waiters(_ signal: WorkSignal, _ count: Int) async throws {
        for _ in 0..<1000 where signal.waiterCount < count {
            try await Task.sleep(for: .milliseconds(5))
        }
        try #require(signal.waiterCount == count)
    }

    @Test func timesOutWithoutNotification() async {
        let signal = WorkSignal()
        let start = clock.now
        await signal.wait(timeout: .milliseconds(50))
        #expect(clock.now - start >= .milliseconds(50))
        #expect(signal.waiterCount == 0)
    }

    @Test func notifyWakesEveryWaiter() async throws {
        let signal = WorkSignal()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask { await signal.wait(timeout: .seconds(60)) }
            }
            try await waiters(signal, 3)
            signal.notify()
            try await group.waitForAll()
        }
        #expect(clock.now - start < .seconds(30))
        #expect(signal.waiterCount == 0)
    }

    @Test func notificationIsNotKeptForLaterWaiters() async {
        let signal = WorkSignal()
        signal.notify()
        let start = clock.now
        await signal.wait(timeout: .milliseconds(50))
        #expect(clock.now - start >= .milliseconds(50))
    }

    @Test func cancellationEndsTheWait() async throws {
        let signal = WorkSignal()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await signal.wait(timeout: .seconds(60)) }
            try await waiters(signal, 1)
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(clock.now - start < .seconds(30))
        #expect(signal.waiterCount == 0)
    }

    @Test func waitInACanceledTaskReturnsAtOnce() async {
        let signal = WorkSignal()
        let start = clock.now
        await withTaskGroup(of: Void.self) { group in
            group.cancelAll()
            group.addTask { await signal.wait(timeout: .seconds(60)) }
            await group.waitForAll()
        }
        #expect(clock.now - start < .seconds(30))
        #expect(signal.waiterCount == 0)
    }

    /// A notification between a mark and the wait after it (work made while the waiter looked for some)
    /// returns the wait at once; a notification before the mark does not.
    @Test(.timeLimit(.minutes(2))) func aNotificationAfterTheMarkIsNotMissed() async {
        let signal = WorkSignal()
        signal.notify()
        let mark = signal.mark
        signal.notify()
        await signal.wait(after: mark, timeout: .seconds(600))
        #expect(signal.waiterCount == 0)
        let start = clock.now
        await signal.wait(after: signal.mark, timeout: .milliseconds(100))
        #expect(clock.now - start >= .milliseconds(100), "no notification since this mark")
    }

    @Test func manyWaitsAndNotifiesLeaveNoWaiter() async {
        let signal = WorkSignal()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    if index.isMultiple(of: 4) { signal.notify() } else { await signal.wait(timeout: .milliseconds(20)) }
                }
            }
        }
        #expect(signal.waiterCount == 0)
    }
}
