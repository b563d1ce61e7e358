import Synchronization

/// The free slots of a ``WorkerPool``: one is taken when a run starts and given back when it ends, so the pool
/// claims as many runs at once as have become free (one claim for a burst of short activities, not one each).
final class WorkerSlots: Sendable {
    private struct State {
        var free: Int
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state: Mutex<State>

    /// `count` slots, all free.
    init(_ count: Int) {
        state = Mutex(State(free: count))
    }

    /// The slots free now.
    var free: Int { state.withLock { $0.free } }

    /// Takes a free slot for a run that starts.
    func take() {
        state.withLock { $0.free -= 1 }
    }

    /// Gives back the slot of a run that ended, waking ``waitForFree()``.
    func giveBack() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.free += 1
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once a slot is free (at once when one is). One waiter at a time: the pool's claiming loop.
    func waitForFree() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.free > 0 { return true }
                state.waiter = continuation
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
