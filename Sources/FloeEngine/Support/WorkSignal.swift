import Synchronization

/// Wakes the tasks waiting for work: ``notify()`` resumes every current ``wait(after:timeout:)``.
///
/// A waiter takes a ``mark`` before it looks for work and waits after that mark: a notification that came
/// in between (work made while it looked) returns the wait at once instead of being missed. A waiter
/// re-checks for work after each wake-up and after each timeout.
public final class WorkSignal: Sendable {
    /// A point in the signal's history (how many notifications came before it).
    public struct Mark: Sendable, Equatable {
        fileprivate let generation: UInt64
    }

    private enum Waiter {
        /// Registered, not yet suspended.
        case pending
        case suspended(CheckedContinuation<Void, Never>)
        /// Its task was canceled before it suspended.
        case canceled
    }

    private struct State {
        var generation: UInt64 = 0
        var nextID: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    /// Wakes every task waiting now.
    public func notify() {
        let continuations = state.withLock { state in
            state.generation &+= 1
            var resumed: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in state.waiters {
                if case .suspended(let continuation) = waiter {
                    resumed.append(continuation)
                    state.waiters[id] = nil
                }
            }
            return resumed
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Now, in the signal's history.
    public var mark: Mark {
        Mark(generation: state.withLock { $0.generation })
    }

    /// Returns at once when a ``notify()`` came after `mark`; else on the next one, after `timeout`, or when
    /// the calling task is canceled, whichever comes first.
    public func wait(after mark: Mark, timeout: Duration) async {
        let generation = mark.generation
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForNotification(after: generation) }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns on the next ``notify()`` (``wait(after:timeout:)`` after now).
    public func wait(timeout: Duration) async {
        await wait(after: mark, timeout: timeout)
    }

    /// The number of tasks suspended in ``wait(timeout:)`` (for tests).
    var waiterCount: Int {
        state.withLock { $0.waiters.values.count { if case .suspended = $0 { true } else { false } } }
    }

    /// Suspends until a notification later than `generation`, or cancellation.
    private func waitForNotification(after generation: UInt64) async {
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID &+= 1
            state.waiters[id] = .pending
            return id
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    guard case .pending = state.waiters[id], state.generation == generation else {
                        state.waiters[id] = nil
                        return true
                    }
                    state.waiters[id] = .suspended(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                switch state.waiters[id] {
                case .suspended(let continuation):
                    state.waiters[id] = nil
                    return continuation
                case .pending:
                    state.waiters[id] = .canceled
                    return nil
                case .canceled, nil:
                    return nil
                }
            }
            continuation?.resume()
        }
    }
}
