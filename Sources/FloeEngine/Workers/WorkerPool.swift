import FloeCore
import Foundation
import Logging
import ServiceLifecycle

/// Runs activities: claims ready runs from the store with a lease, runs each with its ``Activity`` in one of
/// a fixed number of slots, renews the lease with the latest progress while it runs, and reports how it
/// ended.
///
/// - A transient failure is retried with the activity's ``RetryPolicy`` (exponential backoff with jitter);
///   a deterministic one fails the task at once.
/// - When the task is canceled or ends, the next lease renewal says so and the activity is cancelled (an
///   FFmpeg process gets SIGTERM, then SIGKILL).
/// - On graceful shutdown the pool stops claiming, cancels what runs, and hands those runs back to the
///   store without counting the attempt.
/// - It claims only runs whose requirements its ``Capability``s cover: the kinds its ``ActivityRegistry`` runs,
///   and what ``Configuration/detectCapabilities`` finds when it starts (hardware encoders); it advertises itself
///   in the store (``WorkerRecord``: its slots and those capabilities) while it runs.
public struct WorkerPool: NamedService {
    /// How a pool runs.
    public struct Configuration: Sendable {
        /// Names this pool's leases; unique per process.
        public var owner: String
        /// Activities run at once.
        public var slots: Int
        /// How long a lease lasts without renewal.
        public var leaseDuration: Duration
        /// How often a lease is renewed; well under ``leaseDuration``.
        public var heartbeatInterval: Duration
        /// The longest wait for new work when no wake-up comes.
        public var pollInterval: Duration
        /// Parent of each attempt's scratch folder.
        public var scratchDirectory: URL
        /// Where outputs go when a template names no output location.
        public var outputBucket: String
        /// How often the pool advertises itself in the store (``WorkerRecord``) while it runs.
        public var advertiseInterval: Duration
        /// Finds, when the pool starts and before it claims anything, what it can do beyond its registry's kinds
        /// (the hardware encoders of the machine).
        public var detectCapabilities: @Sendable () async -> Set<Capability>

        public init(owner: String = WorkerPool.defaultOwner(), slots: Int = 2, leaseDuration: Duration = .seconds(30),
                    heartbeatInterval: Duration = .seconds(5), pollInterval: Duration = .seconds(1),
                    scratchDirectory: URL, outputBucket: String, advertiseInterval: Duration = .seconds(10),
                    detectCapabilities: @escaping @Sendable () async -> Set<Capability> = { [] }) {
            self.owner = owner
            self.slots = max(1, slots)
            self.leaseDuration = leaseDuration
            self.heartbeatInterval = heartbeatInterval
            self.pollInterval = pollInterval
            self.scratchDirectory = scratchDirectory
            self.outputBucket = outputBucket
            self.advertiseInterval = advertiseInterval
            self.detectCapabilities = detectCapabilities
        }
    }

    let store: any WorkflowStore
    let registry: ActivityRegistry
    let configuration: Configuration
    let logger: Logger
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double
    let metrics: FloeMetrics

    public init(store: any WorkflowStore, registry: ActivityRegistry, configuration: Configuration, logger: Logger,
                metrics: FloeMetrics = .none,
                clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.store = store
        self.metrics = metrics
        self.registry = registry
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.now = now
        self.random = random
    }

    /// `host:pid:random`, unique per process.
    public static func defaultOwner() -> String {
        "\(ProcessInfo.processInfo.hostName):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
    }

    public func run() async throws {
        logger.info("worker pool started", metadata: ["owner": "\(configuration.owner)", "slots": "\(configuration.slots)"])
        let slots = WorkerSlots(configuration.slots)
        let capabilities = Set(registry.kinds.map(Capability.kind)).union(await configuration.detectCapabilities())
        if capabilities.contains(where: \.isHardware) {
            logger.info("hardware encoders found", metadata: ["hardware": "\(capabilities.filter(\.isHardware).list)"])
        }
        await withDiscardingTaskGroup { group in
            group.addTask { await advertiseWhileRunning(capabilities: capabilities) }
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                // With every slot busy, wait for a run to end; then claim as many runs as slots are free.
                await slots.waitForFree()
                guard !Task.isShuttingDownGracefully, !Task.isCancelled else { break }
                var claimed: [ActivityRun] = []
                let mark = store.workMark()  // before the claim: work made while it runs wakes the wait below
                do {
                    claimed = try await store.claim(owner: configuration.owner, limit: slots.free, capabilities: capabilities,
                                                    leaseDuration: configuration.leaseDuration, now: now())
                } catch {
                    logger.error("claiming work failed", metadata: ["error": "\(error)"])
                }
                for run in claimed {
                    slots.take()
                    group.addTask {
                        await execute(run)
                        slots.giveBack()
                    }
                }
                if claimed.isEmpty {
                    await cancelWhenGracefulShutdown { [store, configuration] in
                        await store.waitForWork(after: mark, timeout: configuration.pollInterval)
                    }
                }
            }
        }
        do {
            try await store.removeWorker(configuration.owner)
        } catch {
            logger.warning("removing this worker's record failed", metadata: ["error": "\(error)"])
        }
        logger.info("worker pool stopped", metadata: ["owner": "\(configuration.owner)"])
    }

    /// Advertises the pool (``WorkerRecord``: its slots and `capabilities`) now and every
    /// ``Configuration/advertiseInterval`` until shutdown; first deletes the records of workers not seen for ten
    /// intervals (and at least ten minutes): their processes died without removing them.
    private func advertiseWhileRunning(capabilities: Set<Capability>) async {
        let started = now()
        let stale = max(configuration.advertiseInterval * 10, .seconds(600))
        do {
            let removed = try await store.removeWorkers(seenBefore: started.addingTimeInterval(-stale.timeInterval))
            if removed > 0 { logger.info("removed the records of workers gone silent", metadata: ["workers": "\(removed)"]) }
        } catch {
            logger.warning("removing stale worker records failed", metadata: ["error": "\(error)"])
        }
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await store.advertise(WorkerRecord(owner: configuration.owner, slots: configuration.slots, capabilities: capabilities,
                                                       startTime: started, seenTime: now()))
            } catch {
                logger.warning("advertising this worker failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [clock, configuration] in
                try await clock.sleep(for: configuration.advertiseInterval, tolerance: nil)
            }
        }
    }

    /// How one attempt ended, as seen by the worker.
    private enum Ending: Sendable {
        case finished(ActivityResult)
        case threw(any Error)
        /// The task was canceled or has ended.
        case stop
        /// The lease is no longer ours.
        case lost
        /// The process is shutting down.
        case shutdown

        /// The `outcome` label of ``FloeMetrics/activityEnded(type:outcome:duration:)``.
        var metricsOutcome: String {
            switch self {
            case .finished: "succeeded"
            case .threw(let error) where error is CancellationError: "released"
            case .threw: "failed"
            case .stop: "canceled"
            case .lost: "lost"
            case .shutdown: "released"
            }
        }
    }

    /// Runs one claimed run to its end and reports the outcome.
    func execute(_ run: ActivityRun) async {
        var runLogger = self.logger
        runLogger[metadataKey: "task"] = "\(run.taskID)"
        runLogger[metadataKey: "activity"] = "\(run.name)"
        runLogger[metadataKey: "attempt"] = "\(run.attempt)"
        let logger = runLogger
        guard let kind = run.definition.kind, let activity = registry.activity(for: kind) else {
            let error = ActivityError(.unsupported, "no worker can run activities of Type \(run.definition.type)", transient: false)
            await report(run, .failed(error, retryAt: nil), logger: logger)
            return
        }
        let context: ActivityContext
        let scratch = configuration.scratchDirectory.appending(path: "\(run.taskID)-\(run.name)", directoryHint: .isDirectory)
        do {
            context = try await makeContext(for: run, scratch: scratch)
        } catch {
            await report(run, outcome(for: error, attempt: run.attempt, policy: activity.retryPolicy), logger: logger)
            return
        }

        logger.debug("activity started")
        let type = kind.rawValue
        metrics.activityRunning(type: type, by: 1)
        let started = ContinuousClock.now
        defer { metrics.activityRunning(type: type, by: -1) }
        let progress = context.progressCell
        let ending = await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                do {
                    return .finished(try await activity.run(context: context))
                } catch {
                    return .threw(error)
                }
            }
            group.addTask { await renewLease(run, progress: progress, logger: logger) }
            group.addTask {
                do {
                    try await gracefulShutdown()
                    return .shutdown
                } catch {
                    return .lost  // cancelled because another child finished first; never the group's result
                }
            }
            let first = await group.next()!
            group.cancelAll()
            return first
        }
        // The attempt's files are stored (or worthless) now: free their space before recording the outcome. On a
        // full disk the store's write needs it (SQLite's journal, typically on the data folder's disk like the
        // scratch space); recorded after, the write failed and the run came back after every lease, until it
        // failed as "its worker stopped answering" instead of with FFmpeg's "No space left on device".
        ScratchSpace.remove(scratch)

        metrics.activityEnded(type: type, outcome: ending.metricsOutcome, duration: ContinuousClock.now - started)
        switch ending {
        case .finished(let result):
            logger.info("activity succeeded", metadata: ["files": "\(result.files.count)"])
            await report(run, .succeeded(result), logger: logger)
        case .threw(let error) where error is CancellationError:
            await release(run, logger: logger)
        case .threw(let error):
            let outcome = outcome(for: error, attempt: run.attempt, policy: activity.retryPolicy)
            logger.warning("activity failed", metadata: ["error": "\(error)"])
            await report(run, outcome, logger: logger)
        case .stop:
            logger.info("activity stopped: its task was canceled or has ended")
            await report(run, .canceled, logger: logger)
        case .lost:
            logger.warning("activity abandoned: its lease was lost")
        case .shutdown:
            logger.info("activity handed back for shutdown")
            await release(run, logger: logger)
        }
    }

    private func makeContext(for run: ActivityRun, scratch: URL) async throws -> ActivityContext {
        guard let inputs = try await store.activityInputs(of: run.taskID) else {
            throw FloeError.notFound("task \(run.taskID) no longer exists")
        }
        let task = inputs.task
        guard let input = inputs.input else {
            throw ActivityError(.invalidInput, "media asset \(task.mediaID) of task \(task.id) no longer exists", transient: false)
        }
        try ScratchSpace.prepare(scratch)
        return ActivityContext(
            taskID: task.id, mediaID: task.mediaID, activityName: run.name, parameters: run.definition.parameters,
            attempt: run.attempt, input: input, upstream: inputs.upstream, scratchDirectory: scratch,
            outputBucket: configuration.outputBucket, accountID: task.accountID
        )
    }

    /// Renews the lease until the task stops or the lease is lost; returns which.
    private func renewLease(_ run: ActivityRun, progress: ProgressCell, logger: Logger) async -> Ending {
        var expiry = now().addingTimeInterval(configuration.leaseDuration.seconds)
        while true {
            do {
                try await clock.sleep(for: configuration.heartbeatInterval, tolerance: nil)
            } catch {
                return .lost  // cancelled: the activity ended first
            }
            do {
                let state = try await store.heartbeat(run.id, owner: configuration.owner, progress: progress.latest,
                                                      leaseDuration: configuration.leaseDuration, now: now())
                switch state {
                case .held: expiry = now().addingTimeInterval(configuration.leaseDuration.seconds)
                case .stop: return .stop
                case .lost: return .lost
                }
            } catch {
                logger.warning("renewing a lease failed", metadata: ["error": "\(error)"])
                if now() >= expiry { return .lost }
            }
        }
    }

    /// The outcome for an error: a retry after the policy's delay when transient and attempts remain.
    func outcome(for error: any Error, attempt: Int, policy: RetryPolicy) -> ActivityOutcome {
        let failure = ActivityError(classifying: error)
        guard let delay = policy.delay(after: attempt, error: failure, random: random()) else {
            return .failed(failure, retryAt: nil)
        }
        return .failed(failure, retryAt: now().addingTimeInterval(delay.seconds))
    }

    private func report(_ run: ActivityRun, _ outcome: ActivityOutcome, logger: Logger) async {
        do {
            if try await !store.complete(run.id, owner: configuration.owner, outcome: outcome, now: now()) {
                logger.warning("result discarded: the run is no longer held by this worker")
            }
        } catch {
            logger.error("recording a result failed; the lease will expire and the run will be retried",
                         metadata: ["error": "\(error)"])
        }
    }

    private func release(_ run: ActivityRun, logger: Logger) async {
        do {
            try await store.release(run.id, owner: configuration.owner, now: now())
        } catch {
            logger.error("handing a run back failed; its lease will expire", metadata: ["error": "\(error)"])
        }
    }
}

extension ActivityError {
    /// Any error as an activity failure: storage and store trouble is transient, bad input is not.
    public init(classifying error: any Error) {
        switch error {
        case let error as ActivityError:
            self = error
        case let error as FloeError where error.code == .storage || error.code == .store:
            self.init(.storage, error.message, transient: true)
        case let error as FloeError where error.code == .notFound:
            self.init(.invalidInput, error.message, transient: false)
        case let error as FloeError:
            self.init(.invalidParameter, error.message, transient: false)
        default:
            self.init(.internalError, "\(error)", transient: true)
        }
    }
}
