/// Runs asynchronous critical sections one at a time, in the order they arrive.
///
/// An actor alone does not do this: it lets another call in at every `await`. Here a section that finds the
/// gate busy waits until the one before it has ended.
actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Runs `section` once every section that arrived before it has ended.
    func run<T: Sendable>(_ section: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await section()
    }
}
