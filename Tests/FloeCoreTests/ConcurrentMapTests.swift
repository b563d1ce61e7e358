import FloeCore
import Synchronization
import Testing

@Suite("Sequence.concurrentMap")
struct ConcurrentMapTests {
    /// How many transforms run now, and the most that ever ran at once.
    final class Gauge: Sendable {
        private let counts = Mutex((now: 0, most: 0))
        func enter() { counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { counts.withLock { $0.now -= 1 } }
        var most: Int { counts.withLock { $0.most } }
    }

    @Test("results come in the elements' order, with at most `limit` transforms at once")
    func orderAndLimit() async throws {
        let gauge = Gauge()
        let results = try await Array(0..<20).concurrentMap(limit: 3) { value in
            gauge.enter()
            defer { gauge.leave() }
            // Later elements finish first, so completion order is not the elements' order.
            try await Task.sleep(for: .milliseconds(20 - value))
            return value * 10
        }
        #expect(results == (0..<20).map { $0 * 10 })
        #expect(gauge.most == 3)
        #expect(try await [Int]().concurrentMap { $0 }.isEmpty)
    }

    struct Failure: Error {}

    @Test("the first error cancels the transforms still running and is thrown")
    func errorCancelsTheRest() async throws {
        let cancelled = Mutex(0)
        await #expect(throws: Failure.self) {
            _ = try await Array(0..<4).concurrentMap(limit: 4) { value in
                if value == 0 { throw Failure() }
                do {
                    try await Task.sleep(for: .seconds(60))
                } catch is CancellationError {
                    cancelled.withLock { $0 += 1 }
                }
                return value
            }
        }
        #expect(cancelled.withLock { $0 } == 3)
    }
}
