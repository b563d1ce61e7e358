import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ffprobe's readings of local files, shared: one probe per file however many ask for it.
///
/// A task's input is probed by the media preparer when it is registered and by every media activity that
/// reads it (Transcode, Snapshot, Package, MediaInfo), often at the same moment. Each `ffprobe` run costs
/// about 0.07 s of process start (its dynamic linking) however small the file, on the path from a task's
/// start to its end. Through this cache, callers asking about the same file while it is being probed wait
/// for that one probe, and later callers get its reading at once.
///
/// - A file is known by its device, inode, size and modification time (``Key``), and the `ffprobe` that
///   read it: a file written again is a new file. Only local files are cached; a URL (a presigned object)
///   is probed each time.
/// - Only readings are kept, never failures: a file that failed is probed again by the next caller.
/// - A caller that is cancelled stops waiting at once; the probe is cancelled (its process stopped) when
///   no caller waits for it any more.
/// - At most ``capacity`` readings are kept; the least recently used goes first.
public final class ProbeCache: Sendable, Hashable {
    /// The cache every ``FFprobe`` uses unless given another.
    public static let shared = ProbeCache()

    /// What identifies one version of one local file, read by one `ffprobe`.
    public struct Key: Hashable, Sendable {
        var tool: String
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var modified: timespec

        /// The key of the file at `path` as it is now, or `nil` when it cannot be read.
        public init?(tool: String, path: String) {
            var status = stat()
            guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
            self.tool = tool
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
            size = Int64(status.st_size)
            modified = status.st_mtim
        }

        public static func == (a: Key, b: Key) -> Bool {
            a.tool == b.tool && a.device == b.device && a.inode == b.inode && a.size == b.size
                && a.modified.tv_sec == b.modified.tv_sec && a.modified.tv_nsec == b.modified.tv_nsec
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(tool)
            hasher.combine(inode)
            hasher.combine(size)
            hasher.combine(modified.tv_nsec)
        }
    }

    /// How many readings are kept.
    public let capacity: Int

    /// Caches are equal when they are one cache.
    public static func == (a: ProbeCache, b: ProbeCache) -> Bool { a === b }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(self))
    }
    private let state = Mutex(State())

    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
    }

    /// How many probes this cache has started: what a test counts.
    public var probesStarted: Int { state.withLock { $0.started } }

    /// How many callers wait for a probe under way now.
    public var callersWaiting: Int { state.withLock { $0.probes.values.reduce(0) { $0 + $1.waiters.count } } }

    /// The reading of the file `key` names: a kept one, the one being made, or a new one from `probe`.
    ///
    /// - Throws: what `probe` threw (to every caller waiting for that probe), or `CancellationError` when
    ///   this caller was cancelled.
    public func reading(of key: Key, probe: @escaping @Sendable () async throws -> String) async throws -> String {
        let (key, waiter) = state.withLock { ($0.sources[key] ?? key, $0.nextID()) }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
                let join = state.withLock { $0.join(key, waiter: waiter, continuation: continuation) }
                switch join {
                case .answer(let result):
                    continuation.resume(with: result)
                case .wait:
                    break
                case .start(let id):
                    let task = Task { [weak self] in
                        let result: Result<String, any Error>
                        do { result = .success(try await probe()) } catch { result = .failure(error) }
                        self?.finish(key, probe: id, with: result)
                    }
                    // Every waiter may have left before the task was recorded: then no one cancelled it.
                    if !state.withLock({ $0.record(task, of: key, probe: id) }) { task.cancel() }
                }
            }
        } onCancel: {
            let (continuation, orphan) = state.withLock { $0.leave(key, waiter: waiter) }
            continuation?.resume(throwing: CancellationError())
            orphan?.cancel()
        }
    }

    /// Makes the file `copy` share the reading of the file `source`, kept, under way or to come: for a copy of
    /// `source` whose bytes did not change while it was made (``FFprobe/shareReading(of:with:)``). A caller
    /// asking about `copy` then joins a probe of `source` rather than starting one; when there is none, its
    /// probe (of `copy`) is kept as `source`'s, the same bytes. At most ``capacity`` copies are remembered.
    public func share(_ source: Key, with copy: Key) {
        guard source != copy else { return }
        state.withLock { $0.share(source, with: copy, capacity: capacity) }
    }

    /// The file whose reading `copy` shares, if any: what a test checks.
    public func source(of copy: Key) -> Key? {
        state.withLock { $0.sources[copy] }
    }

    /// Hands `result` to everyone waiting for probe `id` of `key`, and keeps it when it is a reading.
    private func finish(_ key: Key, probe id: Int, with result: Result<String, any Error>) {
        let waiting = state.withLock { $0.finish(key, probe: id, with: result, capacity: capacity) }
        for continuation in waiting { continuation.resume(with: result) }
    }

    /// The cache's bookkeeping, always under the lock.
    private struct State: ~Copyable {
        enum Join {
            /// A kept reading, or the caller's own cancellation.
            case answer(Result<String, any Error>)
            /// A probe is under way; the caller was added to its waiters.
            case wait
            /// No probe was under way: the caller must start probe `id` (it is already its first waiter).
            case start(Int)
        }

        /// A probe under way.
        struct Probe {
            var id: Int
            var waiters: [Int: CheckedContinuation<String, any Error>] = [:]
            var task: Task<Void, Never>?
        }

        var readings: [Key: (json: String, used: Int)] = [:]
        var probes: [Key: Probe] = [:]
        /// Copies and the files they were copied from, the oldest first in `copies`.
        var sources: [Key: Key] = [:]
        var copies: [Key] = []
        /// Numbers waiters and probes, and dates each use of a reading.
        var lastID = 0
        var started = 0

        mutating func nextID() -> Int {
            lastID += 1
            return lastID
        }

        mutating func share(_ source: Key, with copy: Key, capacity: Int) {
            if sources.updateValue(source, forKey: copy) == nil { copies.append(copy) }
            if copies.count > capacity { sources.removeValue(forKey: copies.removeFirst()) }
        }

        mutating func join(_ key: Key, waiter: Int, continuation: CheckedContinuation<String, any Error>) -> Join {
            // A caller cancelled before it joined: its cancellation handler found nothing to remove.
            if Task.isCancelled { return .answer(.failure(CancellationError())) }
            if let kept = readings[key] {
                let use = nextID()
                readings[key]?.used = use
                return .answer(.success(kept.json))
            }
            if probes[key] != nil {
                probes[key]?.waiters[waiter] = continuation
                return .wait
            }
            let id = nextID()
            probes[key] = Probe(id: id, waiters: [waiter: continuation])
            started += 1
            return .start(id)
        }

        /// Whether probe `id` is still under way and now has its task; `false` when it ended, or lost all its
        /// waiters, before its task was recorded (cancelling the task is then right, or harmless).
        mutating func record(_ task: Task<Void, Never>, of key: Key, probe id: Int) -> Bool {
            guard probes[key]?.id == id else { return false }
            probes[key]?.task = task
            return true
        }

        /// Removes a cancelled waiter: its continuation to resume (none when it was answered already), and
        /// the probe's task to cancel when no one waits for it any more.
        mutating func leave(_ key: Key, waiter: Int) -> (CheckedContinuation<String, any Error>?, Task<Void, Never>?) {
            guard let continuation = probes[key]?.waiters.removeValue(forKey: waiter) else { return (nil, nil) }
            guard probes[key]?.waiters.isEmpty == true else { return (continuation, nil) }
            return (continuation, probes.removeValue(forKey: key)?.task)
        }

        mutating func finish(_ key: Key, probe id: Int, with result: Result<String, any Error>,
                             capacity: Int) -> [CheckedContinuation<String, any Error>] {
            guard probes[key]?.id == id, let probe = probes.removeValue(forKey: key) else { return [] }  // abandoned
            if case .success(let json) = result {
                let use = nextID()
                readings[key] = (json, use)
                if readings.count > capacity, let oldest = readings.min(by: { $0.value.used < $1.value.used })?.key {
                    readings.removeValue(forKey: oldest)
                }
            }
            return Array(probe.waiters.values)
        }
    }
}
