import FloeCore
import Foundation

/// Starts the workflows a new media file lands in, exactly once per file version and template.
///
/// A template triggers when it is `Active`, its `Start` has `TriggerMode: Automatic` and an `InputLocation`,
/// it belongs to an account that ``BucketAccessPolicy`` lets use the file's bucket, and the file lies in the
/// bound location (``InputLocationRule``, found through an ``InputLocationIndex``). Only media files trigger
/// (``MediaExtensions/isMedia(fileName:)``: no extension, or a video or audio one, in any case); files Floe
/// writes never do (``WorkflowStore/isOutput(_:)``); and a template does not sweep files that were there before
/// it was last saved: a file triggers it only when it landed at or after the template's `modifiedTime`, less
/// ``clockSlack``. Each template's task is created through the trigger ledger
/// (``WorkflowStore/createTriggeredTask(_:media:version:now:)``), so duplicate events, rescans and restarts
/// never start a second task for one version, and a new version starts a new one. The input becomes a media
/// asset of the template's account (Source `oss`) unless that account registered it already.
///
/// The index is rebuilt from the store whenever ``WorkflowStore/templateGeneration()`` changes, which every
/// template save or delete does in any process sharing the store; each event costs one small read for that.
public actor Trigger {
    /// Files that landed this much before a template's `modifiedTime` still trigger it: file systems with
    /// coarse timestamps (whole or even two seconds) would otherwise miss a file written right after a save.
    public static let clockSlack: TimeInterval = 2

    /// A template that triggers, with its rule.
    public struct Binding: Sendable {
        public let template: WorkflowTemplate
        public let rule: InputLocationRule
    }

    let store: any WorkflowStore
    let access: any BucketAccessPolicy
    let now: @Sendable () -> Date
    private var generation: Int64?
    private var index = InputLocationIndex<WorkflowTemplate>()
    private var current: [Binding] = []

    public init(store: any WorkflowStore, access: any BucketAccessPolicy = OpenBucketAccess(),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.access = access
        self.now = now
    }

    /// The templates that trigger, after bringing the index up to date.
    public func bindings() async throws -> [Binding] {
        try await refresh()
        return current
    }

    /// Starts a task of every template `event`'s file triggers, unless that file version already started one;
    /// returns each template's task, made now (`created`) or before. Tries every template before throwing the
    /// first error, so a retry of the event makes only the tasks that failed. Logs nothing: callers log with
    /// their own logger.
    @discardableResult
    public func handle(_ event: ObjectEvent) async throws -> [TriggeredTask] {
        let location = event.location
        guard location.isObject, MediaExtensions.isMedia(fileName: location.fileName) else { return [] }
        try await refresh()
        var templates: [WorkflowTemplate] = []
        for template in index.matches(location) {
            guard let account = template.accountID,
                  event.modifiedTime >= template.modifiedTime.addingTimeInterval(-Self.clockSlack),
                  try await access.mayUse(account: account, bucket: location.bucket) else { continue }
            templates.append(template)
        }
        guard !templates.isEmpty, try await !store.isOutput(location) else { return [] }
        var started: [TriggeredTask] = []
        var failure: (any Error)?
        for template in templates {
            guard let account = template.accountID else { continue }
            let time = now()
            let media = MediaAsset(accountID: account, inputURL: location, mediaType: MediaExtensions.mediaType(fileName: location.fileName),
                                   title: location.fileName, createTime: time,
                                   files: [MediaFile(location: location, fileType: .sourceFile)])
            let task = WorkflowTask(accountID: account, workflowID: template.id, workflowName: template.name, topology: template.topology,
                                    input: .oss(location), mediaID: media.id, createTime: time)
            do {
                started.append(try await store.createTriggeredTask(task, media: media, version: event.version, now: time))
            } catch {
                failure = failure ?? error
            }
        }
        if let failure { throw failure }
        return started
    }

    /// Rebuilds the index when the store's templates changed since the last build.
    private func refresh() async throws {
        let latest = try await store.templateGeneration()
        guard latest != generation else { return }
        // The generation is read first: a change during the load makes the next refresh load again.
        var bindings: [Binding] = []
        var token: String?
        repeat {
            let page = try await store.templates(PageRequest(limit: 100, token: token))
            bindings += page.items.compactMap(Self.binding)
            token = page.nextToken
        } while token != nil
        index = InputLocationIndex(bindings.map { (rule: $0.rule, payload: $0.template) })
        current = bindings
        generation = latest
    }

    /// The binding of `template` when it triggers by itself: Active, Automatic, bound, and owned by an account.
    public static func binding(_ template: WorkflowTemplate) -> Binding? {
        let start = template.topology.startParameters
        guard template.status == .active, start.triggerMode == .automatic, let location = start.inputLocation,
              template.accountID != nil else { return nil }
        return Binding(template: template, rule: InputLocationRule(location))
    }
}
