import FloeCore
import FloeEngine
import FloeStorage
import Foundation
import Logging
import ServiceLifecycle

/// Prepares registered media assets, as IMS does after `RegisterMediaInfo`: claims each `Init` asset (and
/// each `Preparing` one whose preparer died), probes its source file with ffprobe through the object store,
/// and sets it `Normal` with the source file's `FileInfo`, or `PrepareFail` when the file is missing or not
/// media ffprobe can read.
///
/// - A registration wakes the preparer at once (``WorkflowStore/waitForWork(timeout:)``); it also polls
///   every ``Configuration/pollInterval``, which covers other processes.
/// - A claim is exclusive: several preparers never probe one asset at once. A claim older than
///   ``Configuration/staleAfter`` is taken over; an asset claimed more than ``Configuration/maxAttempts`` times
///   fails, so a file that kills every preparer does not loop forever. ffprobe gets
///   ``Configuration/probeTimeout``.
/// - Transient trouble (object storage failing) and shutdown leave the asset `Preparing`, to be taken over
///   once its claim is stale.
/// - `text` assets (subtitles, fonts) are not probed: an existing file is `Normal` with its name and size.
public struct MediaPreparer: NamedService {
    /// How a preparer runs.
    public struct Configuration: Sendable {
        /// The longest wait for new registrations when no wake-up comes.
        public var pollInterval: Duration
        /// A `Preparing` asset claimed longer ago than this is taken over (its preparer is presumed dead).
        public var staleAfter: Duration
        /// Claims of one asset after which it fails instead of being probed again.
        public var maxAttempts: Int
        /// The longest one probe may take; a file that takes longer fails.
        public var probeTimeout: Duration
        /// Assets claimed per pass.
        public var batchSize: Int

        public init(pollInterval: Duration = .seconds(5), staleAfter: Duration = .seconds(120), maxAttempts: Int = 3,
                    probeTimeout: Duration = .seconds(60), batchSize: Int = 16) {
            self.pollInterval = pollInterval
            self.staleAfter = staleAfter
            self.maxAttempts = max(1, maxAttempts)
            self.probeTimeout = probeTimeout
            self.batchSize = max(1, batchSize)
        }
    }

    let store: any WorkflowStore
    let objectStore: any ObjectStore
    let ffprobe: FFprobe
    let configuration: Configuration
    let logger: Logger
    let clock: any Clock<Duration>
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - clock: what timeouts and polling sleep on.
    ///   - now: the time claims are dated with and staleness is judged by.
    public init(store: any WorkflowStore, objectStore: any ObjectStore, ffmpeg: FFmpegConfiguration = FFmpegConfiguration(),
                configuration: Configuration = Configuration(), logger: Logger,
                clock: any Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.objectStore = objectStore
        self.ffprobe = FFprobe(configuration: ffmpeg)
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.now = now
    }

    /// Prepares media until graceful shutdown or cancellation.
    public func run() async throws {
        logger.info("media preparer started")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let mark = store.workMark()  // before looking: a registration meanwhile wakes the wait below
            if await prepareWaiting() == 0 {
                await cancelWhenGracefulShutdown { [store, configuration] in
                    await store.waitForWork(after: mark, timeout: configuration.pollInterval)
                }
            }
        }
        logger.info("media preparer stopped")
    }

    /// One pass: claims and prepares the assets waiting now, at most ``Configuration/batchSize``. Returns how
    /// many it claimed.
    @discardableResult
    public func prepareWaiting() async -> Int {
        let ids: [MediaID]
        do {
            ids = try await store.mediaToPrepare(staleBefore: staleBefore(), limit: configuration.batchSize)
        } catch {
            logger.error("listing media to prepare failed", metadata: ["error": "\(error)"])
            return 0
        }
        var claimed = 0
        for id in ids where !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                guard let claim = try await store.claimPreparation(id, staleBefore: staleBefore(), now: now()) else { continue }
                claimed += 1
                try await prepare(claim)
            } catch {
                logger.error("preparing a media asset failed; it is retried once its claim is stale",
                             metadata: ["media": "\(id)", "error": "\(error)"])
            }
        }
        return claimed
    }

    private func staleBefore() -> Date {
        now().addingTimeInterval(-configuration.staleAfter.seconds)
    }

    /// Probes the claimed asset and records the outcome; leaves it `Preparing` on transient trouble.
    private func prepare(_ claim: MediaPreparationClaim) async throws {
        var logger = self.logger
        logger[metadataKey: "media"] = "\(claim.media.id)"
        let result: MediaPreparationResult
        if claim.attempt > configuration.maxAttempts {
            logger.warning("media preparation failed: claimed too many times", metadata: ["attempts": "\(claim.attempt - 1)"])
            result = .failed
        } else {
            do {
                result = .prepared(try await describe(claim.media))
            } catch let error as ActivityError where !error.isTransient {
                logger.info("media preparation failed", metadata: ["error": "\(error.message)"])
                result = .failed
            } catch is CancellationError {
                return
            }
        }
        if try await store.finishPreparation(claim, result: result, now: now()) {
            logger.debug("media prepared", metadata: ["status": "\(result == .failed ? "PrepareFail" : "Normal")"])
        } else {
            logger.info("media preparation discarded: the asset was deleted or taken over")
        }
    }

    /// The source file's `FileInfo`.
    ///
    /// - Throws: a deterministic ``ActivityError`` when the file is missing, not media ffprobe reads, or takes
    ///   longer than the probe timeout; a transient one when the object store fails.
    func describe(_ media: MediaAsset) async throws -> MediaFileInfo {
        let location = media.inputURL
        let url = try await objectStore.mediaURL(of: location)
        var info: MediaFileInfo
        if media.mediaType == MediaAsset.MediaType.text.rawValue {
            info = MediaFileInfo(fileBasicInfo: FileBasicInfo()).describing(location, as: .sourceFile)
        } else {
            info = try await probe(url, name: location.description, fileName: location.fileName).info.describing(location, as: .sourceFile)
        }
        info.fileBasicInfo.fileStatus = "Normal"
        if let object = try? await objectStore.head(location) {
            info.fileBasicInfo.fileSize = info.fileBasicInfo.fileSize ?? String(object.size)
            info.fileBasicInfo.createTime = WireTime.string(object.modifiedTime)
            info.fileBasicInfo.modifiedTime = WireTime.string(object.modifiedTime)
        }
        return info
    }

    /// ffprobe's reading of `url`, or a deterministic failure after ``Configuration/probeTimeout``.
    private func probe(_ url: URL, name: String, fileName: String) async throws -> MediaProbe {
        try await withThrowingTaskGroup(of: MediaProbe?.self) { group in
            group.addTask { [ffprobe] in try await ffprobe.probe(url, name: name, fileName: fileName) }
            group.addTask { [clock, configuration] in
                try await clock.sleep(for: configuration.probeTimeout, tolerance: nil)
                return nil
            }
            defer { group.cancelAll() }
            guard case let probe?? = try await group.next() else {
                throw ActivityError(.invalidInput, "ffprobe did not finish reading '\(name)' within \(configuration.probeTimeout)",
                                    transient: false)
            }
            return probe
        }
    }
}
