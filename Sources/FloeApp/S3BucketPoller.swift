import FloeCore
import FloeEngine
import FloeStorage
import Foundation
import Logging
import ServiceLifecycle

/// Finds new objects in the buckets kept on an S3-compatible service and hands them to a ``Trigger``, each
/// with its ETag as the version.
///
/// Every ``interval`` it lists, with ListObjectsV2, the bound locations (``Trigger/boundPrefixes()``) of the
/// ``buckets`` some triggering template binds: one full pass of each location, all pages. ListObjectsV2 lists
/// in key order, not time order, so a cursor over keys would miss a new object whose key sorts before it; a
/// full pass does not, and costs one request per 1,000 objects under the bound locations per interval. What
/// the pass hands on is decided in memory: the poller remembers the ETag it handed for each media object
/// (one entry per media object under the bound locations; an entry goes when its object does), so an
/// unchanged object costs no store access, and a changed ETag (re-uploaded content) is handed again and starts
/// a new task. Only media file names are handed; the trigger decides the rest (outputs, templates saved after
/// the object landed). A restart forgets what was handed, and its first pass hands every object again, whose
/// ledger starts nothing twice: one small store transaction per object and template, once per start.
public actor S3BucketPoller: NamedService {
    /// The buckets this poller lists: those kept on S3.
    public let buckets: Set<String>
    /// How long a pass waits after the previous one ends.
    public let interval: Duration
    let objectStore: any ObjectStore
    let trigger: Trigger
    let logger: Logger
    /// The ETag handed to the trigger, by object.
    private var handed: [StorageLocation: String] = [:]

    /// Objects listed per request.
    static let pageSize = 1000

    /// A poller over `buckets` of `objectStore` (which holds them, or routes them to the store that does).
    public init(buckets: Set<String>, objectStore: any ObjectStore, trigger: Trigger, interval: Duration = .seconds(5), logger: Logger) {
        self.buckets = buckets
        self.objectStore = objectStore
        self.trigger = trigger
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await poll()
            } catch {
                logger.error("polling S3 buckets failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [interval] in
                try await Task.sleep(for: interval, tolerance: nil)
            }
        }
    }

    /// One pass: lists the bound locations of the polled buckets and hands the trigger every media object whose
    /// ETag it has not handed yet. Returns what the trigger did for them. A bucket whose listing fails keeps
    /// what was handed and is listed again next pass; an object the trigger failed on is handed again next pass.
    @discardableResult
    public func poll() async throws -> [TriggeredTask] {
        var listed: Set<StorageLocation> = []
        var unlisted: Set<String> = []
        var events: [ObjectEvent] = []
        for (bucket, prefixes) in try await trigger.boundPrefixes() where buckets.contains(bucket) {
            do {
                for prefix in prefixes {
                    for object in try await objects(bucket: bucket, prefix: prefix) {
                        listed.insert(object.location)
                        if handed[object.location] != object.etag {
                            events.append(ObjectEvent(location: object.location, version: object.etag, size: object.size,
                                                      modifiedTime: object.modifiedTime))
                        }
                    }
                }
            } catch {
                unlisted.insert(bucket)
                logger.error("listing an S3 bucket failed", metadata: ["bucket": "\(bucket)", "error": "\(error)"])
            }
        }
        handed = handed.filter { listed.contains($0.key) || unlisted.contains($0.key.bucket) }
        var started: [TriggeredTask] = []
        for event in events {
            do {
                let tasks = try await trigger.handle(event)
                handed[event.location] = event.version
                for task in tasks where task.created {
                    logger.info("S3 object started a workflow", metadata: ["location": "\(event.location)", "task": "\(task.taskID)"])
                }
                started += tasks
            } catch {
                logger.error("triggering on an S3 object failed", metadata: ["location": "\(event.location)", "error": "\(error)"])
            }
        }
        return started
    }

    /// The media objects of `bucket` whose keys start with `prefix`, every page.
    private func objects(bucket: String, prefix: String) async throws -> [ObjectInfo] {
        var objects: [ObjectInfo] = []
        var after: String?
        repeat {
            let page = try await objectStore.list(bucket: bucket, prefix: prefix, after: after, limit: Self.pageSize)
            objects += page.objects.filter { $0.location.isObject && !$0.etag.isEmpty && MediaExtensions.isMedia(fileName: $0.location.fileName) }
            after = page.nextAfter
        } while after != nil
        return objects
    }
}
