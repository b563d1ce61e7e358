import FloeAPI
import FloeCore
import FloeEngine
import FloeMedia
import FloeNotify
import FloeStorage
import FloeStorePostgres
import FloeStoreSQLite
import Foundation
import Logging
import Prometheus
import ServiceLifecycle

/// The one composition root: turns a ``FloeConfiguration`` into stores, activities and services.
/// Only this type knows every concrete backend.
public struct FloeApplication: Sendable {
    public let configuration: FloeConfiguration
    public let store: any WorkflowStore
    public let objectStore: any ObjectStore
    public let registry: ActivityRegistry
    public let launcher: WorkflowLauncher
    /// Who owns each bucket: the account that made it through the S3 endpoint, else (the configured buckets
    /// and the folders of local storage) the local account. Every bucket check goes through it.
    public let buckets: BucketDirectory
    /// Starts the workflows a new media file lands in; the entry point for every source of files (the local
    /// folder watcher and the S3 bucket poller of ``backgroundServices(logger:)``, and uploads).
    public let trigger: Trigger
    /// The access keys of the store, their secrets sealed with the data folder's `secret.key` (made on
    /// first open).
    public let keyRing: KeyRing
    /// The account that local commands (`floe run`, `floe tasks`, `floe templates`) act as: the data
    /// folder's first account (``WorkflowStore/accounts()`` lists in creation order), made with a random id
    /// on the first open. A data folder from before accounts has its old tasks, media and templates in the
    /// store's legacy account, which is then the first one.
    ///
    /// Seam for the API layer: the root AccessKey of this account and the credentials file are not made
    /// here; whoever adds them (with secret encryption) makes a root key when
    /// `store.accessKeys(of: localAccount)` holds none.
    public let localAccount: AccountID
    /// What the services of this application count and time, kept in ``metricsRegistry`` (this
    /// application's own, not the process-wide `MetricsSystem`).
    public let metrics: FloeMetrics
    /// The Prometheus registry behind ``metrics``; ``metricsPage()`` renders it.
    public let metricsRegistry: PrometheusCollectorRegistry
    /// The hardware video encoders this process's worker pool found when it started (none before, or with
    /// ``FloeConfiguration/detectHardware`` off); the `Transcode` activity encodes with them.
    public let hardware = DetectedHardware()

    /// Opens (or creates) the data folder and its stores, makes the local account on first open, and installs
    /// the system templates.
    public init(configuration: FloeConfiguration, now: Date = Date()) async throws {
        self.configuration = configuration
        let metricsRegistry = PrometheusCollectorRegistry()
        self.metricsRegistry = metricsRegistry
        self.metrics = FloeMetrics(factory: PrometheusMetricsFactory(registry: metricsRegistry))
        try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        let store = try await Self.workflowStore(configuration)
        let objectStore = try Self.objectStore(configuration)
        self.store = store
        self.objectStore = objectStore
        // Activities write outputs through a store that records them first, so an output never triggers.
        let outputs = OutputRecordingObjectStore(base: objectStore, store: store)
        self.launcher = WorkflowLauncher(store: store)
        self.keyRing = KeyRing(store: store, box: try SecretBox.loadOrCreate(keyFile: configuration.secretKeyFile))
        let localAccount = try await Self.ensureLocalAccount(in: store, now: now)
        self.localAccount = localAccount
        let buckets = try await Self.bucketDirectory(configuration, store: store, localAccount: localAccount)
        self.buckets = buckets
        self.registry = ActivityRegistry(MediaActivities.all(objectStore: outputs, configuration: configuration.ffmpeg,
                                                              hardware: hardware, bucketAccess: buckets))
        self.trigger = Trigger(store: store, access: buckets)
        try await installSystemTemplates()
    }

    /// The store of `configuration`: the PostgreSQL database of ``FloeConfiguration/databaseURL`` (its pool runs
    /// until the process ends), else the data folder's SQLite file.
    static func workflowStore(_ configuration: FloeConfiguration) async throws -> any WorkflowStore {
        guard let url = configuration.databaseURL else {
            return try SQLiteWorkflowStore(path: configuration.databaseFile.path)
        }
        var logger = Logger(label: "floe.store.postgres")
        logger.logLevel = .error
        return try await PostgresWorkflowStore.open(url: url, timeout: configuration.databaseOpenTimeout, logger: logger)
    }

    /// Opens the store of `configuration`, which makes or upgrades its schema, and says what it holds now:
    /// `floe migrate`. Nothing else is made (no account, no templates).
    public static func migrateStore(_ configuration: FloeConfiguration) async throws -> String {
        if configuration.databaseURL == nil {
            try FileManager.default.createDirectory(at: configuration.dataDirectory, withIntermediateDirectories: true)
        }
        switch try await workflowStore(configuration) {
        case let store as SQLiteWorkflowStore:
            return "SQLite \(store.path): schema \(try await store.appliedMigrations().joined(separator: ", "))"
        case let store as PostgresWorkflowStore:
            let versions = try await store.appliedMigrations()
            await store.stop()
            return "PostgreSQL: schema \(versions.map { "v\($0)" }.joined(separator: ", "))"
        case let store:
            return "\(type(of: store)): opened"
        }
    }

    /// The worker pools that advertise themselves in the store of `configuration` (`floe workers`). Makes no
    /// store: with neither a database URL nor the data folder's SQLite file, there are none.
    public static func workers(_ configuration: FloeConfiguration) async throws -> [WorkerRecord] {
        if configuration.databaseURL == nil, !FileManager.default.fileExists(atPath: configuration.databaseFile.path) { return [] }
        let store = try await workflowStore(configuration)
        do {
            let records = try await store.workers()
            await (store as? PostgresWorkflowStore)?.stop()
            return records
        } catch {
            await (store as? PostgresWorkflowStore)?.stop()
            throw error
        }
    }

    /// The first account of `store`, made now when there is none. Two processes opening a new data folder
    /// at once agree: each reads back the first account after making its own (the other stays unused).
    static func ensureLocalAccount(in store: any WorkflowStore, now: Date) async throws -> AccountID {
        if let first = try await store.accounts().first { return first.id }
        do {
            try await store.createAccount(.random(), now: now)
        } catch let error as FloeError where error.code == .conflict {
            // 16 random digits collided with an account made a moment ago; the first account is read below.
        }
        guard let first = try await store.accounts().first else {
            throw FloeError(.store, "no account after creating the local account")
        }
        return first.id
    }

    /// The local file system store, with the buckets of ``FloeConfiguration/s3`` routed to S3. Opens no
    /// database: commands that only move objects (`floe upload`) use it alone.
    public static func objectStore(_ configuration: FloeConfiguration) throws -> any ObjectStore {
        let local = try FileSystemObjectStore(root: configuration.storageDirectory)
        guard let s3 = configuration.s3 else { return local }
        let remote = S3ObjectStore(configuration: s3.configuration)
        return RoutingObjectStore(fallback: local, routes: Dictionary(uniqueKeysWithValues: s3.buckets.map { ($0, remote) }))
    }

    /// Saves each system template whose stored copy is missing or differs.
    func installSystemTemplates() async throws {
        for template in SystemTemplates.all where try await store.template(template.id) != template {
            try await store.saveTemplate(template)
        }
    }

    /// The services of this process's ``FloeConfiguration/roles`` besides the API: a ``LeaseReaper`` always;
    /// with `worker`, a ``WorkerPool`` and a ``MediaPreparer``; with `watcher`, a ``LocalFolderWatcher`` and, when
    /// buckets are kept on S3, an ``S3BucketPoller``; with `notifier`, a ``Notifier``. The worker pool looks for
    /// hardware encoders when it starts if `detectingHardware` (by default ``FloeConfiguration/detectHardware``).
    public func backgroundServices(logger: Logger, detectingHardware: Bool? = nil) -> [any Service] {
        let detectHardware = detectingHardware ?? configuration.detectHardware
        let roles = configuration.roles
        var services: [any Service] = [
            LeaseReaper(store: store, interval: configuration.heartbeatInterval, maxAttempts: configuration.maxLeaseAttempts,
                        logger: logger, metrics: metrics),
        ]
        if roles.contains(.worker) {
            let detect: @Sendable () async -> Set<Capability> = { [hardware, configuration] in
                guard detectHardware else { return [] }
                return await hardware.detect(configuration.ffmpeg, logger: logger)
            }
            services.append(WorkerPool(
                store: store, registry: registry,
                configuration: .init(slots: configuration.workerSlots, leaseDuration: configuration.leaseDuration,
                                     heartbeatInterval: configuration.heartbeatInterval,
                                     scratchDirectory: configuration.scratchDirectory, outputBucket: configuration.outputBucket,
                                     detectCapabilities: detect),
                logger: logger, metrics: metrics))
            services.append(MediaPreparer(store: store, objectStore: objectStore, ffmpeg: configuration.ffmpeg, logger: logger))
        }
        if roles.contains(.watcher) {
            services.append(LocalFolderWatcher(
                root: configuration.storageDirectory, trigger: trigger,
                configuration: .init(pollInterval: configuration.watchInterval, settleInterval: configuration.settleInterval),
                logger: logger))
            if let s3 = configuration.s3 {
                services.append(S3BucketPoller(buckets: s3.buckets, objectStore: objectStore, trigger: trigger,
                                               interval: configuration.s3PollInterval, logger: logger))
            }
        }
        if roles.contains(.notifier) {
            services.append(Notifier(
                store: store,
                sender: HTTPCallbackSender(policy: CallbackAddressPolicy(allowed: configuration.callbackAllow),
                                           timeout: configuration.callbackTimeout),
                configuration: .init(backoff: RetryPolicy(initialBackoff: .seconds(1), multiplier: 2,
                                                          maxBackoff: configuration.callbackMaxBackoff),
                                     maxAge: configuration.callbackMaxAge, retention: configuration.callbackRetention),
                logger: logger, metrics: metrics))
        }
        return services
    }

    /// The HTTP server on ``FloeConfiguration/host`` and ``FloeConfiguration/port``: the workflow, media,
    /// template and callback actions with this application's store and keys when this process has the `api`
    /// role, and in every process the ``operationsRoutes``.
    public func apiService(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) -> APIService {
        APIService(endpoint: configuration.roles.contains(.api) ? rpcEndpoint(logger: logger) : nil,
                   operations: operationsRoutes, host: configuration.host, port: configuration.port, logger: logger,
                   onListening: onListening)
    }

    /// `/healthz`; `/readyz`, ready when the store answers a lookup of the local account; `/metrics`, from
    /// ``metricsPage()``.
    public var operationsRoutes: OperationsRoutes {
        OperationsRoutes(readiness: { [store, localAccount] in
            guard try await store.accountExists(localAccount) else {
                throw FloeError(.store, "the store has lost the local account \(localAccount)")
            }
        }, metrics: { await metricsPage() })
    }

    /// The Prometheus text of ``metrics``, with the store's gauges (``FloeEngine/StoreStatistics``) and the
    /// FFmpeg processes running read now. When the store cannot be read, its gauges keep their last values and
    /// `floe_store_up` is 0.
    public func metricsPage() async -> String {
        do {
            metrics.storeGauges(try await store.statistics())
            metrics.storeUp(true)
        } catch {
            metrics.storeUp(false)
        }
        metrics.ffmpegProcesses(ProcessCount.shared.current)
        var page: [UInt8] = []
        metricsRegistry.emit(into: &page)
        return String(decoding: page, as: UTF8.self)
    }

    /// The RPC endpoint of this application's store and keys, without a server: ``apiService(logger:onListening:)``
    /// serves it over HTTP, and client commands with no server running send it requests in-process.
    public func rpcEndpoint(logger: Logger) -> RPCEndpoint {
        RPCEndpoint(
            authenticator: Authenticator(keyRing: keyRing, store: store),
            actions: WorkflowActions.all(store: store, launcher: launcher, objectStore: objectStore, buckets: buckets)
                + MediaActions.all(store: store, objectStore: objectStore, launcher: launcher, buckets: buckets)
                + TemplateActions.all(store: store, buckets: buckets)
                + CallbackActions.all(store: store),
            logger: logger, metrics: metrics
        )
    }

    /// Copies a local file into the input bucket (`oss://<input bucket>/<MediaId>/<file name>`) and registers
    /// it as a media asset.
    public func importFile(_ file: URL, now: Date = Date()) async throws -> MediaAsset {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw FloeError.invalidParameter("no file at \(file.path)")
        }
        let mediaID = MediaID.generate()
        let location = try StorageLocation(bucket: configuration.inputBucket, key: "\(mediaID)/\(file.lastPathComponent)")
        let ffprobe = FFprobe(configuration: configuration.ffmpeg)
        let original = ffprobe.cacheKey(of: file)
        // Floe writes this file: it does not trigger (the task `floe run` starts is the one it asked for).
        try await OutputRecordingObjectStore(base: objectStore, store: store).put(location, file: file)
        // The stored copy holds the file's bytes when the file did not change meanwhile: a probe of the file
        // (``probeAhead(_:configuration:)``) serves the copy.
        if let original, ffprobe.cacheKey(of: file) == original {
            await ffprobe.shareReading(of: original, with: location, in: objectStore)
        }
        let media = MediaAsset(id: mediaID, accountID: localAccount, inputURL: location, mediaType: MediaExtensions.mediaType(fileName: file.lastPathComponent),
                               title: file.lastPathComponent, createTime: now,
                               files: [MediaFile(location: location, fileType: .sourceFile)])
        try await store.createMedia(media)
        return media
    }

    /// Probes the local `file` and keeps its reading (in `configuration`'s ``FloeConfiguration/probeCache``),
    /// ignoring failures: `floe run` starts this before it opens the store, so that the probe of the input its
    /// task's first activity waits for runs meanwhile (``importFile(_:now:)`` lets the stored copy share the
    /// reading). A failure is not kept: the task's own probe meets it again and reports it.
    public static func probeAhead(_ file: URL?, configuration: FloeConfiguration) async {
        guard let file else { return }
        _ = try? await FFprobe(configuration: configuration.ffmpeg).probe(file, name: file.lastPathComponent)
    }

    /// The template with `reference`: a WorkflowId of a System template or one of the local account's, or a
    /// template file, saved as a Common template of the local account (one per `Name`: running a changed
    /// file again updates it).
    public func template(_ reference: String, now: Date = Date()) async throws -> WorkflowTemplate {
        if WorkflowID.isValid(reference) {
            guard let template = try await store.template(try WorkflowID(reference)), template.isVisible(to: localAccount) else {
                throw FloeError.notFound("no workflow template \(reference)")
            }
            return template
        }
        let url = URL(filePath: reference)
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw FloeError.invalidParameter("'\(reference)' is neither a WorkflowId (32 hex digits) nor a readable template file")
        }
        let document = try TemplateDocument.parse(text)
        var template = WorkflowTemplate(document: document, accountID: localAccount, now: now)
        if let existing = try await templates().first(where: { $0.kind == .common && $0.name == document.name }) {
            template.id = existing.id
            template.createTime = existing.createTime
            if existing.topology == document.topology { return existing }
        }
        try await store.saveTemplate(template)
        return template
    }

    /// The local account's templates and the System ones.
    public func templates() async throws -> [WorkflowTemplate] {
        var all: [WorkflowTemplate] = []
        var token: String?
        repeat {
            let page = try await store.templates(PageRequest(limit: 100, token: token), accountID: localAccount)
            all += page.items
            token = page.nextToken
        } while token != nil
        return all
    }

    /// The local path of a location in a local bucket; `nil` for a bucket on S3.
    public func localPath(of location: StorageLocation) throws -> URL? {
        let store = (objectStore as? RoutingObjectStore)?.store(for: location.bucket) ?? objectStore
        return try (store as? FileSystemObjectStore)?.path(of: location)
    }
}
