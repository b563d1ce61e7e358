import FloeCore
import Foundation

/// Everything Floe keeps: accounts and their access keys, request nonces, buckets, templates, media assets, tasks
/// and their activity runs, callback settings, events to deliver and queued messages.
///
/// Templates, media assets and tasks belong to an account. Lists and lookups that find things by something
/// other than their id take the account and never return another account's things. Getters by id
/// (``template(_:)``, ``media(_:)``, ``task(_:)``, ``activityRuns(of:)``) are not scoped: the API layer
/// checks the `accountID` of what it gets, and answers "does not exist" for another account's item.
///
/// Every mutating call is one transaction. Decisions about a task (what becomes ready, when it ends) are
/// made by ``TaskStateMachine``; a store loads the task and its runs, applies the machine, and writes back
/// what changed, in the same transaction. When the machine ends the task, that transaction also writes its
/// `WorkflowTaskComplete` event where ``EventRoute`` sends it: a ``CallbackEvent`` for a URL, a
/// ``QueueMessage`` for a queue; so no ended task is ever without its event. The conformance suite in `FloeTesting` holds every
/// implementation to the same contract.
public protocol WorkflowStore: Sendable {
    // MARK: Accounts

    /// Creates an account. Throws ``FloeError/Code/conflict`` when it exists.
    func createAccount(_ id: AccountID, now: Date) async throws
    /// Every account, in the order they were created (the first is the local account of a data folder).
    func accounts() async throws -> [Account]
    func accountExists(_ id: AccountID) async throws -> Bool

    // MARK: Access keys

    /// Inserts `key`. Throws ``FloeError/Code/notFound`` when its account does not exist,
    /// ``FloeError/Code/conflict`` when its id is taken, ``FloeError/Code/invalidParameter`` when its id is
    /// not an AccessKeyId (``AccessKey/isValidID(_:)``).
    func createAccessKey(_ key: AccessKey) async throws
    /// The key with AccessKeyId `id`, whatever its status.
    func accessKey(_ id: String) async throws -> AccessKey?
    /// The keys of `account`, oldest first. Throws ``FloeError/Code/notFound`` when the account does not exist.
    func accessKeys(of account: AccountID) async throws -> [AccessKey]
    /// Sets a key's status. Throws ``FloeError/Code/notFound`` when there is no such key.
    func setAccessKeyStatus(_ id: String, _ status: AccessKey.Status) async throws
    /// Deletes a key; returns false when there was none. Its nonces stay until they expire.
    func deleteAccessKey(_ id: String) async throws -> Bool

    // MARK: Nonces

    /// Records that a request of `accessKeyID` used `nonce`: true the first time the pair is seen, false
    /// when it was seen before and has not expired (a replay). In the same transaction, every nonce whose
    /// `expiresAt` is at or before `now` is removed, so a pair seen again after its expiry counts as new;
    /// callers choose `expiresAt` past the end of the window in which they accept the request's timestamp,
    /// which makes such a replay fail the timestamp check instead. Holds across processes sharing the store
    /// and across restarts, and under concurrency: of many simultaneous uses of one pair exactly one is true.
    func useNonce(_ nonce: String, accessKeyID: String, expiresAt: Date, now: Date) async throws -> Bool

    // MARK: Buckets

    /// Records `bucket` as its account's. Throws ``FloeError/Code/conflict`` when a bucket of that name exists
    /// (whoever owns it), ``FloeError/Code/notFound`` when the account does not, and
    /// ``FloeError/Code/invalidLocation`` when the name is no bucket name (``StorageLocation/validate(bucket:)``).
    func createBucket(_ bucket: Bucket) async throws
    /// The bucket named `name`, or `nil` when no account made one of that name.
    func bucket(named name: String) async throws -> Bucket?
    /// The buckets `account` made, by name.
    func buckets(of account: AccountID) async throws -> [Bucket]
    /// Forgets the bucket named `name`; returns false when there was none. Its objects are the caller's concern.
    func deleteBucket(named name: String) async throws -> Bool

    // MARK: Templates

    /// Inserts `template`, or replaces the one with its id. Throws ``FloeError/Code/invalidParameter`` when
    /// a `System` template has an account or a `Common` one has none (``WorkflowTemplate/checkOwnership()``).
    func saveTemplate(_ template: WorkflowTemplate) async throws
    func template(_ id: WorkflowID) async throws -> WorkflowTemplate?
    /// Templates ordered by id: with `accountID`, that account's and the `System` ones; with `nil`, all.
    /// An unknown token throws ``FloeError/Code/invalidParameter``.
    func templates(_ page: PageRequest, accountID: AccountID?) async throws -> Page<WorkflowTemplate>
    /// Deletes a template; returns false when there was none. Tasks already made keep their copy of the graph.
    func deleteTemplate(_ id: WorkflowID) async throws -> Bool

    // MARK: Media assets

    /// Inserts a media asset with its files. Throws ``FloeError/Code/conflict`` when its id is taken, or its
    /// account already has an asset with its `inputURL` (one asset per input and account; two accounts may
    /// register the same file), its `referenceID` or its `clientToken`. Wakes ``waitForWork(timeout:)``.
    func createMedia(_ media: MediaAsset) async throws
    /// A media asset with its files, in the order they were first added.
    func media(_ id: MediaID) async throws -> MediaAsset?
    /// The media asset `accountID` registered for `inputURL`, if any.
    func media(inputURL: StorageLocation, accountID: AccountID) async throws -> MediaAsset?
    /// The id of the media asset `accountID` registered for `inputURL`, if any, without reading its files (an
    /// asset gains one for each output of each task on it).
    func mediaID(inputURL: StorageLocation, accountID: AccountID) async throws -> MediaID?
    /// The media asset of `accountID` whose details carry `referenceID`, if any.
    func media(referenceID: String, accountID: AccountID) async throws -> MediaAsset?
    /// The media asset `accountID` registered with `clientToken`, if any.
    func media(clientToken: String, accountID: AccountID) async throws -> MediaAsset?
    /// Replaces the details of a media asset and sets its `modifiedTime` to `now`; its status and files are
    /// left alone. Returns the asset as stored. Throws ``FloeError/Code/notFound`` when there is no such asset,
    /// ``FloeError/Code/conflict`` when another asset of its account has the new `referenceID`.
    @discardableResult
    func updateMedia(_ id: MediaID, details: MediaAsset.Details, now: Date) async throws -> MediaAsset
    /// Deletes a media asset and its list of files (not the stored objects); returns false when there was
    /// none. Tasks that ended keep their copy of its id. Throws ``FloeError/Code/conflict`` and deletes
    /// nothing while a task on it has not ended (`Init` or `Processing`).
    func deleteMedia(_ id: MediaID) async throws -> Bool
    /// True when any media asset, of any account, lists a file at `location`.
    func isMediaFileListed(_ location: StorageLocation) async throws -> Bool
    /// Media assets matching `query`, in its order (by create time, then id). An unknown token, or one from a
    /// listing in the other order, throws ``FloeError/Code/invalidParameter``.
    func medias(_ query: MediaQuery) async throws -> Page<MediaAsset>
    /// How many media assets match `query`; its page is ignored.
    func mediaCount(_ query: MediaQuery) async throws -> Int

    // MARK: Media preparation

    /// Up to `limit` ids of media assets to prepare, oldest first, of every account: `Init` ones, and
    /// `Preparing` ones whose preparation was claimed before `staleBefore` (their preparer died).
    func mediaToPrepare(staleBefore: Date, limit: Int) async throws -> [MediaID]
    /// Claims the preparation of a media asset: `Init` becomes `Preparing`, and a `Preparing` one claimed
    /// before `staleBefore` is taken over; either way the claim is dated `now` and counted. Of several
    /// concurrent claimers of one asset exactly one gets a claim; the others, and any claimer of an asset in
    /// another state or of none, get `nil`.
    func claimPreparation(_ id: MediaID, staleBefore: Date, now: Date) async throws -> MediaPreparationClaim?
    /// Ends a preparation while `claim` still holds it (the asset is `Preparing` since the claim's time):
    /// ``MediaPreparationResult/prepared(_:)`` sets `Normal` and lists the source file with its info (in place
    /// when listed), ``MediaPreparationResult/failed`` sets `PrepareFail`; `modifiedTime` becomes `now`. The same
    /// transaction writes the asset's `RegisterMediaComplete` event where ``EventRoute`` sends it (its
    /// `UserData.NotifyAddress`, else the account's setting). Returns false, changing nothing, when the claim was
    /// lost (taken over, or the asset deleted).
    @discardableResult
    func finishPreparation(_ claim: MediaPreparationClaim, result: MediaPreparationResult, now: Date) async throws -> Bool

    // MARK: Tasks

    /// Inserts `task` (status `Init`) with a run for each activity of its topology, the first ones ready.
    /// Throws ``FloeError/Code/notFound`` when its media asset does not exist or belongs to another account,
    /// ``FloeError/Code/conflict`` when its id is taken.
    func createTask(_ task: WorkflowTask, now: Date) async throws
    func task(_ id: TaskID) async throws -> WorkflowTask?
    /// Tasks, newest first (by create time, then id). An unknown token throws ``FloeError/Code/invalidParameter``.
    func tasks(_ query: TaskQuery) async throws -> Page<WorkflowTask>
    /// The runs of a task, ordered by name.
    func activityRuns(of task: TaskID) async throws -> [ActivityRun]
    /// What a worker reads to run an activity of `task`: the task, its media asset's input, the results of its
    /// succeeded runs (a default reads them with ``task(_:)``, ``media(_:)`` and ``activityRuns(of:)``; a store
    /// where each read is a round trip answers in one). `nil` for an unknown task.
    func activityInputs(of task: TaskID) async throws -> ActivityInputs?
    /// The attempt history of a task's runs, ordered by start time, then activity name, then as written. It is
    /// append-only and written in the transaction of each change: ``claim(owner:limit:leaseDuration:now:)``
    /// opens an attempt per run it claims; ``complete(_:owner:outcome:now:)`` closes the owner's (as
    /// `Succeeded`, `Retry`, `Failed` or `Canceled`), ``release(_:owner:now:)`` as `Released`, and
    /// ``reclaimExpiredLeases(now:maxAttempts:)`` as `Lost`. A run running when its task ends keeps its attempt
    /// open until its worker reports or its lease is reclaimed. Runs claimed before the store kept a history
    /// have no attempts for those claims. Empty for an unknown task.
    func attempts(of task: TaskID) async throws -> [ActivityAttempt]
    /// Cancels a task that has not ended. Waiting and ready runs are canceled at once; running ones when
    /// their worker stops (it learns from its next ``heartbeat(_:owner:progress:leaseDuration:now:)``).
    /// Throws ``FloeError/Code/notFound`` or ``FloeError/Code/conflict`` (already ended).
    @discardableResult
    func cancelTask(_ id: TaskID, now: Date) async throws -> WorkflowTask

    // MARK: Triggers

    /// Creates `task`, started by the file version (`task.input`'s location, `version`), unless that version
    /// already started a task of `task.workflowID`: one transaction inserts the trigger ledger row, the task,
    /// and, when `task.accountID` has no media asset for the file yet, `media` (the task's `mediaID` becomes
    /// the asset's id either way). When the ledger row exists, nothing is created and the task it names is
    /// returned. Of many concurrent calls for one version and template exactly one creates a task, and
    /// across processes sharing the store and restarts. Throws ``FloeError/Code/invalidParameter`` unless
    /// `task.input` is the OSS location `media.inputURL`, both belong to one account, and `version` is 1 to 256
    /// bytes.
    func createTriggeredTask(_ task: WorkflowTask, media: MediaAsset, version: String, now: Date) async throws -> TriggeredTask
    /// Records that Floe writes (or is about to write) an object at `location`: such a file never triggers.
    /// Writers record before they write, so no watcher or event sees the file before the record.
    func recordOutput(_ location: StorageLocation, now: Date) async throws
    /// True when `location` was recorded by ``recordOutput(_:now:)``, or is listed as an activity's output
    /// in a media asset (outputs written before outputs were recorded).
    func isOutput(_ location: StorageLocation) async throws -> Bool
    /// A number that changes whenever a template is saved or deleted, by any process sharing the store.
    func templateGeneration() async throws -> Int64

    // MARK: Callbacks

    /// Sets (or, with `nil`, removes) the callback setting of `accountID`. Throws ``FloeError/Code/notFound``
    /// when the account does not exist.
    func setEventCallback(_ callback: EventCallback?, accountID: AccountID) async throws
    /// The callback setting of `accountID`, or `nil` when it has none.
    func eventCallback(of accountID: AccountID) async throws -> EventCallback?
    /// Hands up to `limit` pending events whose next attempt is due at `now`, oldest first, to `owner` until
    /// `now + leaseDuration`. An event is handed to exactly one claimer at a time, however many claim at once
    /// and in however many processes; one whose claimer vanished is handed out again when its claim expires.
    func claimEvents(owner: String, limit: Int, leaseDuration: Duration, now: Date) async throws -> [CallbackEvent]
    /// Records how `owner`'s attempt at event `id` ended (one more attempt) and ends its claim. Returns false,
    /// changing nothing, when `owner` no longer held the event.
    @discardableResult
    func finishDelivery(_ id: EventID, owner: String, outcome: DeliveryOutcome, now: Date) async throws -> Bool
    /// The events of `accountID` in `state`, oldest first, a page at a time.
    func events(accountID: AccountID, state: CallbackEvent.State, page: PageRequest) async throws -> Page<CallbackEvent>
    /// The event `id`, whatever its account (the API layer checks it).
    func event(_ id: EventID) async throws -> CallbackEvent?
    /// Makes the dead event `id` of `accountID` pending again, due at `now`, with its attempts reset. Returns
    /// false when `accountID` has no dead event `id`.
    func replayEvent(_ id: EventID, accountID: AccountID, now: Date) async throws -> Bool
    /// Deletes up to `limit` events delivered before `deliveredBefore` (pending and dead ones stay); returns
    /// how many it deleted.
    @discardableResult
    func pruneDeliveredEvents(deliveredBefore: Date, limit: Int) async throws -> Int
    /// Adds a message to the queue `queue` of `accountID`, visible at once. A message whose id is already in
    /// that queue is not added again.
    func enqueue(_ id: EventID, body: String, queue: String, accountID: AccountID, now: Date) async throws
    /// Receives up to `limit` visible messages of the queue, oldest first: each becomes invisible until `now +
    /// visibilityTimeout`, its receive count grows by one, and it gets a new receipt handle. Concurrent receivers
    /// never get one message at the same time.
    func receiveMessages(queue: String, accountID: AccountID, limit: Int, visibilityTimeout: Duration,
                         now: Date) async throws -> [QueueMessage]
    /// Deletes the message that `receiptHandle` names. Returns false when the handle is not the message's latest
    /// (it was received again since) or names nothing.
    func deleteMessage(queue: String, accountID: AccountID, receiptHandle: String) async throws -> Bool
    /// Makes the message that `receiptHandle` names visible again at `now + visibilityTimeout`. Returns the new
    /// visible time, or `nil` when the handle is not the message's latest or names nothing.
    func changeMessageVisibility(queue: String, accountID: AccountID, receiptHandle: String, visibilityTimeout: Duration,
                                 now: Date) async throws -> Date?

    // MARK: Engine

    /// Claims up to `limit` ready runs whose `notBefore` has passed, oldest task first, for `owner`, with a
    /// lease until `now + leaseDuration`; when `capabilities` are given, only runs whose requirements they cover
    /// (``ActivityRun/requirements``: what the claimer can run; the others wait for a worker that can). A run is
    /// handed to exactly one claimer, however many claim at once.
    func claim(owner: String, limit: Int, capabilities: Set<Capability>?, leaseDuration: Duration,
               now: Date) async throws -> [ActivityRun]
    /// Renews the lease of a running run held by `owner` and records its progress.
    func heartbeat(_ run: ActivityRun.ID, owner: String, progress: Double?, leaseDuration: Duration, now: Date) async throws -> LeaseState
    /// Records how a run held by `owner` ended, adds its output files to the task's media asset (once each:
    /// a location already listed keeps its place and takes the new `FileType`, and the new `FileInfo` and
    /// activity name when given), and applies the task's next decisions. Returns false when `owner` no longer held the run, in which
    /// case nothing changed.
    @discardableResult
    func complete(_ run: ActivityRun.ID, owner: String, outcome: ActivityOutcome, now: Date) async throws -> Bool
    /// Hands a running run back without counting the attempt (graceful shutdown).
    func release(_ run: ActivityRun.ID, owner: String, now: Date) async throws
    /// Makes every run whose lease expired before `now` ready again, or failed once it has been claimed
    /// `maxAttempts` times. Returns how many runs it changed.
    @discardableResult
    func reclaimExpiredLeases(now: Date, maxAttempts: Int) async throws -> Int

    /// Now, in the history of this store's wake-ups: take it before looking for work, and wait after it
    /// (``waitForWork(after:timeout:)``), so that work made while looking is not missed.
    func workMark() -> WorkSignal.Mark
    /// Returns when work may have become ready after `mark` (a task or a media asset was created, a run ended
    /// or was released), at once if it already has, or after `timeout`, whichever is first.
    func waitForWork(after mark: WorkSignal.Mark, timeout: Duration) async

    // MARK: Workers

    /// Records `worker`, replacing the record of its owner.
    func advertise(_ worker: WorkerRecord) async throws
    /// Every worker's record, by owner.
    func workers() async throws -> [WorkerRecord]
    /// Deletes the record of `owner` (its pool stopped).
    func removeWorker(_ owner: String) async throws
    /// Deletes the records of the workers last seen before `seenBefore` (their processes died); returns how many.
    @discardableResult
    func removeWorkers(seenBefore: Date) async throws -> Int

    // MARK: Operations

    /// How much the store holds now, across accounts (for `/metrics`; it counts, so it is not for every
    /// request).
    func statistics() async throws -> StoreStatistics
}

extension WorkflowStore {
    /// Claims any runs (``claim(owner:limit:capabilities:leaseDuration:now:)`` with no filter).
    public func claim(owner: String, limit: Int, leaseDuration: Duration, now: Date) async throws -> [ActivityRun] {
        try await claim(owner: owner, limit: limit, capabilities: nil, leaseDuration: leaseDuration, now: now)
    }

    /// Every account's templates and the `System` ones, ordered by id.
    public func templates(_ page: PageRequest) async throws -> Page<WorkflowTemplate> {
        try await templates(page, accountID: nil)
    }

    /// Returns on the next wake-up or after `timeout` (``waitForWork(after:timeout:)`` after now), for a waiter
    /// that does not look for work itself.
    public func waitForWork(timeout: Duration) async {
        await waitForWork(after: workMark(), timeout: timeout)
    }
}

/// What ``WorkflowStore/createTriggeredTask(_:media:version:now:)`` did.
public struct TriggeredTask: Hashable, Sendable {
    /// The task the file version started: made now, or by an earlier call.
    public var taskID: TaskID
    /// True when this call made the task.
    public var created: Bool

    public init(taskID: TaskID, created: Bool) {
        self.taskID = taskID
        self.created = created
    }
}

/// What a worker learns when it renews a lease.
public enum LeaseState: Hashable, Sendable {
    /// The lease is renewed; go on.
    case held
    /// The task was canceled or has ended; stop and report ``ActivityOutcome/canceled``.
    case stop
    /// The run is no longer this worker's (its lease expired); stop and report nothing.
    case lost
}

/// How one attempt of a run ended.
public enum ActivityOutcome: Hashable, Sendable {
    case succeeded(ActivityResult)
    /// Failed; with `retryAt`, the run is ready again from that time, otherwise it fails the task.
    case failed(ActivityError, retryAt: Date?)
    /// Stopped because the task was canceled or ended.
    case canceled
}

/// Which page of a list to return.
public struct PageRequest: Hashable, Sendable {
    /// At most this many items (1…100).
    public var limit: Int
    /// The `nextToken` of the previous page, or `nil` for the first.
    public var token: String?

    public init(limit: Int = 10, token: String? = nil) {
        self.limit = min(100, max(1, limit))
        self.token = token
    }
}

/// One page of a list.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// The token for the next page; `nil` on the last.
    public var nextToken: String?

    public init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }
}

/// Which tasks to list.
public struct TaskQuery: Hashable, Sendable {
    /// Only this account's tasks; `nil` lists every account's (for operators and the engine).
    public var accountID: AccountID?
    public var workflowID: WorkflowID?
    public var status: TaskStatus?
    public var page: PageRequest

    public init(accountID: AccountID? = nil, workflowID: WorkflowID? = nil, status: TaskStatus? = nil,
                page: PageRequest = PageRequest()) {
        self.accountID = accountID
        self.workflowID = workflowID
        self.status = status
        self.page = page
    }
}

/// Which media assets to list.
public struct MediaQuery: Hashable, Sendable {
    /// Listing order by create time, then id.
    public enum Order: String, Hashable, Sendable {
        /// Newest first.
        case descending = "desc"
        /// Oldest first.
        case ascending = "asc"
    }

    /// Only this account's assets; `nil` lists every account's (for operators and the engine).
    public var accountID: AccountID?
    /// Only the asset with this id.
    public var mediaID: MediaID?
    /// Only assets of this `MediaType` (`video`, `audio`, `image`, `text`).
    public var mediaType: String?
    /// Only assets of this business type.
    public var businessType: MediaAsset.BusinessType?
    /// Only assets from this `Source` (`oss`).
    public var source: String?
    /// Only assets in this status.
    public var status: MediaAsset.Status?
    /// Only assets created after this time (exclusive).
    public var createdAfter: Date?
    /// Only assets created at or before this time (inclusive).
    public var createdUntil: Date?
    /// Newest first (the default) or oldest first.
    public var order: Order
    /// Which page of the list.
    public var page: PageRequest

    /// A query; every filter left `nil` matches all.
    public init(accountID: AccountID? = nil, mediaID: MediaID? = nil, mediaType: String? = nil,
                businessType: MediaAsset.BusinessType? = nil, source: String? = nil, status: MediaAsset.Status? = nil,
                createdAfter: Date? = nil, createdUntil: Date? = nil, order: Order = .descending,
                page: PageRequest = PageRequest()) {
        self.accountID = accountID
        self.mediaID = mediaID
        self.mediaType = mediaType
        self.businessType = businessType
        self.source = source
        self.status = status
        self.createdAfter = createdAfter
        self.createdUntil = createdUntil
        self.order = order
        self.page = page
    }
}

/// A claimed preparation of a media asset (``WorkflowStore/claimPreparation(_:staleBefore:now:)``).
public struct MediaPreparationClaim: Hashable, Sendable {
    /// The asset as it was when claimed, status `Preparing`.
    public var media: MediaAsset
    /// When the claim was made; it identifies the claim.
    public var claimedAt: Date
    /// How many times the asset's preparation has been claimed, this claim included (1 the first time).
    public var attempt: Int

    /// A claim of `media` made at `claimedAt`, the `attempt`th.
    public init(media: MediaAsset, claimedAt: Date, attempt: Int) {
        self.media = media
        self.claimedAt = claimedAt
        self.attempt = attempt
    }
}

/// How a preparation ended.
public enum MediaPreparationResult: Hashable, Sendable {
    /// The source file was read: its `FileInfo`.
    case prepared(MediaFileInfo)
    /// The source file is missing or not media Floe can read.
    case failed
}
