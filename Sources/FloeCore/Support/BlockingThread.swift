import Foundation

/// Runs `work`, which blocks (a child process, a C library's call, a `dlopen`), on a new thread and returns
/// what it returns or throws.
///
/// Blocking work holds neither a thread of Swift's cooperative pool (one per core: two blocked callers stall
/// every other task of a two-core machine) nor one of libdispatch's global queues, which other work waits for.
public func onANewThread<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
    let result: Result<T, E> = await withCheckedContinuation { continuation in
        Thread.detachNewThread { continuation.resume(returning: Result { () throws(E) -> T in try work() }) }
    }
    return try result.get()
}
