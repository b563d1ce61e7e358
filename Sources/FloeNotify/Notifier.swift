import FloeCore
import FloeEngine
import Foundation
import Logging
import ServiceLifecycle

/// Delivers the events of the outbox (``CallbackEvent``s, written with each task's end) to their URLs: claims
/// due events with a lease (so processes sharing a store never send one event at once), sends each with a
/// ``CallbackSender``, and records the outcome. A failure is tried again after an exponential backoff with
/// jitter, for as long as the event is younger than ``Configuration/maxAge``; then it is dead, kept, and can
/// be replayed. Delivery is at least once: a process that dies mid-send leaves the event to be claimed again
/// when its lease expires, and receivers drop duplicates by `X-Floe-Event-Id`. It wakes when the store
/// signals work (a task ended) and polls otherwise.
public struct Notifier: NamedService {
    /// How a notifier runs.
    public struct Configuration: Sendable {
        /// Names this notifier's claims; unique per process.
        public var owner: String
        /// Events sent at once.
        public var concurrency: Int
        /// How long a claim lasts: well over the sender's timeout.
        public var leaseDuration: Duration
        /// The delays between attempts (its `maxAttempts` is not used: ``maxAge`` ends the retries).
        public var backoff: RetryPolicy
        /// An event still undelivered this long after it was made is dead.
        public var maxAge: Duration
        /// The longest wait when no wake-up comes.
        public var pollInterval: Duration
        /// How long a delivered event is kept (for ListCallbackEvents) before it is deleted; nil: for ever.
        public var retention: Duration?
        /// How often delivered events older than ``retention`` are looked for.
        public var pruneInterval: Duration

        public init(owner: String = WorkerPool.defaultOwner(), concurrency: Int = 16, leaseDuration: Duration = .seconds(30),
                    backoff: RetryPolicy = RetryPolicy(initialBackoff: .seconds(1), multiplier: 2, maxBackoff: .seconds(300)),
                    maxAge: Duration = .seconds(24 * 3600), pollInterval: Duration = .seconds(1),
                    retention: Duration? = .seconds(7 * 24 * 3600), pruneInterval: Duration = .seconds(600)) {
            self.retention = retention
            self.pruneInterval = pruneInterval
            self.owner = owner
            self.concurrency = max(1, concurrency)
            self.leaseDuration = leaseDuration
            self.backoff = backoff
            self.maxAge = maxAge
            self.pollInterval = pollInterval
        }
    }

    let store: any WorkflowStore
    let sender: any CallbackSender
    let configuration: Configuration
    let logger: Logger
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double
    let metrics: FloeMetrics

    public init(store: any WorkflowStore, sender: any CallbackSender, configuration: Configuration, logger: Logger,
                metrics: FloeMetrics = .none, now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.store = store
        self.metrics = metrics
        self.sender = sender
        self.configuration = configuration
        self.logger = logger
        self.now = now
        self.random = random
    }

    public func run() async throws {
        logger.info("notifier started", metadata: ["owner": "\(configuration.owner)"])
        var nextPrune = now()
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            if now() >= nextPrune {
                await pruneDelivered()
                nextPrune = now().addingTimeInterval(configuration.pruneInterval.seconds)
            }
            let sent: Int
            let mark = store.workMark()  // before looking: an event written meanwhile wakes the wait below
            do {
                sent = try await deliverDue()
            } catch {
                logger.error("claiming callback events failed", metadata: ["error": "\(error)"])
                sent = 0
            }
            if sent == 0 {
                await cancelWhenGracefulShutdown { await store.waitForWork(after: mark, timeout: configuration.pollInterval) }
            }
        }
        logger.info("notifier stopped", metadata: ["owner": "\(configuration.owner)"])
    }

    /// Deletes the events delivered longer than ``Configuration/retention`` ago, a thousand at a time; returns
    /// how many.
    @discardableResult
    public func pruneDelivered() async -> Int {
        guard let retention = configuration.retention else { return 0 }
        let cut = now().addingTimeInterval(-retention.seconds)
        var pruned = 0
        do {
            while true {
                let batch = try await store.pruneDeliveredEvents(deliveredBefore: cut, limit: 1000)
                pruned += batch
                if batch < 1000 { break }
            }
        } catch {
            logger.error("pruning delivered callback events failed", metadata: ["error": "\(error)"])
        }
        if pruned > 0 { logger.info("pruned delivered callback events", metadata: ["events": "\(pruned)"]) }
        return pruned
    }

    /// Claims the events due now and sends them, `concurrency` at a time; returns how many it claimed.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let events = try await store.claimEvents(owner: configuration.owner, limit: configuration.concurrency,
                                                 leaseDuration: configuration.leaseDuration, now: now())
        await withTaskGroup(of: Void.self) { group in
            for event in events {
                group.addTask { await deliver(event) }
            }
        }
        return events.count
    }

    /// One attempt at `event`, and its outcome recorded.
    func deliver(_ event: CallbackEvent) async {
        let failure = await sender.send(event, now: now())
        let time = now()
        let outcome = Self.outcome(of: event, failure: failure, at: time, configuration: configuration, random: random())
        switch outcome {
        case .delivered:
            logger.debug("callback delivered", metadata: ["event": "\(event.id)", "task": "\(event.subject)"])
            metrics.callbackAttempt(outcome: "delivered")
        case .retry(let at, let error):
            metrics.callbackAttempt(outcome: "retry")
            logger.notice("callback failed; trying again", metadata: [
                "event": "\(event.id)", "attempt": "\(event.attempts + 1)", "error": "\(error)", "next": "\(WireTime.string(at))"])
        case .dead(let error):
            metrics.callbackAttempt(outcome: "dead")
            logger.error("callback given up: dead", metadata: ["event": "\(event.id)", "attempts": "\(event.attempts + 1)", "error": "\(error)"])
        }
        do {
            try await store.finishDelivery(event.id, owner: configuration.owner, outcome: outcome, now: time)
        } catch {
            // The claim expires and the event is sent again: at least once.
            logger.error("recording a callback's outcome failed", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
    }

    /// What an attempt that ended with `failure` (`nil`: delivered) at `time` makes of `event`: delivered; tried
    /// again after the backoff of its attempt count; or dead once it is older than the maximum age.
    public static func outcome(of event: CallbackEvent, failure: String?, at time: Date, configuration: Configuration,
                               random: Double) -> DeliveryOutcome {
        guard let failure else { return .delivered }
        if time.timeIntervalSince(event.createTime) >= configuration.maxAge.seconds { return .dead(error: failure) }
        let delay = configuration.backoff.backoff(after: event.attempts + 1, random: random)
        return .retry(at: time.addingTimeInterval(delay.seconds), error: failure)
    }
}
