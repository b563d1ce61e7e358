import Foundation
import Logging
import ServiceLifecycle

/// Returns the runs of lost workers to the ready set: every `interval`, runs whose lease expired become
/// ready again, or fail once they have been claimed `maxAttempts` times.
public struct LeaseReaper: NamedService {
    let store: any WorkflowStore
    let interval: Duration
    let maxAttempts: Int
    let logger: Logger
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let metrics: FloeMetrics

    public init(store: any WorkflowStore, interval: Duration = .seconds(5), maxAttempts: Int = 5, logger: Logger,
                metrics: FloeMetrics = .none,
                clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.metrics = metrics
        self.interval = interval
        self.maxAttempts = maxAttempts
        self.logger = logger
        self.clock = clock
        self.now = now
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                let count = try await store.reclaimExpiredLeases(now: now(), maxAttempts: maxAttempts)
                if count > 0 {
                    logger.info("reclaimed expired leases", metadata: ["runs": "\(count)"])
                    metrics.leasesReclaimed(count)
                }
            } catch {
                logger.error("reclaiming expired leases failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [clock, interval] in try await clock.sleep(for: interval, tolerance: nil) }
        }
    }
}
