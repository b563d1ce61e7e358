import FloeCore
import Foundation
import Logging
import ServiceLifecycle

/// Finds files that land in local buckets (`<root>/<bucket>/<key>`, as `FileSystemObjectStore` keeps them) and
/// hands them to a ``Trigger``.
///
/// Every ``Configuration/pollInterval`` it scans, in the buckets some triggering template binds, only the
/// folders under the bound locations (a location inside another is scanned once). It takes a file only
/// after its size and modification time have stood still for ``Configuration/settleInterval``, so a file
/// still being copied is never taken, and then once per version. Hidden files and folders (a leading `.`,
/// which covers the object store's `.tmp` folder and the partial files of `rsync` and the like), symbolic
/// links and names that are no valid key are skipped; only media file names are looked at. Memory is one
/// entry per media file under the bound locations; an entry goes when its file does. A restart forgets what
/// was taken, and its rescan hands every file to the trigger again, whose ledger starts nothing twice.
public actor LocalFolderWatcher: NamedService {
    /// How often to scan and how long a file must stand still.
    public struct Configuration: Sendable {
        public var pollInterval: Duration
        public var settleInterval: Duration

        public init(pollInterval: Duration = .seconds(1), settleInterval: Duration = .seconds(2)) {
            self.pollInterval = pollInterval
            self.settleInterval = settleInterval
        }
    }

    /// What the last scans saw of one file.
    struct Sighting {
        /// The file's version (``LocalFileVersion``).
        var version: String
        /// When this version was first seen.
        var since: ContinuousClock.Instant
        /// True once the trigger took this version.
        var taken: Bool
    }

    /// The folder that holds one folder per bucket.
    public let root: URL
    let trigger: Trigger
    let configuration: Configuration
    let logger: Logger
    private var sightings: [StorageLocation: Sighting] = [:]

    public init(root: URL, trigger: Trigger, configuration: Configuration = Configuration(), logger: Logger) {
        self.root = root.standardizedFileURL
        self.trigger = trigger
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await scan(at: .now)
            } catch {
                logger.error("scanning local buckets failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { [configuration] in
                try await Task.sleep(for: configuration.pollInterval, tolerance: nil)
            }
        }
    }

    /// One scan at the instant `now`: notes every file's size and mtime, and hands the trigger each file whose
    /// size and mtime have not changed since `settleInterval` before `now` and that it has not yet taken.
    /// Returns what the trigger did for them. A file the trigger failed on is tried again next scan.
    @discardableResult
    public func scan(at now: ContinuousClock.Instant) async throws -> [TriggeredTask] {
        var seen: Set<StorageLocation> = []
        var ready: [ObjectEvent] = []
        for (bucket, prefixes) in try await trigger.boundPrefixes() {
            for prefix in prefixes {
                for file in files(bucket: bucket, prefix: prefix) {
                    seen.insert(file.location)
                    guard var sighting = sightings[file.location], sighting.version == file.version else {
                        sightings[file.location] = Sighting(version: file.version, since: now, taken: false)
                        continue
                    }
                    if !sighting.taken, sighting.since.duration(to: now) >= configuration.settleInterval {
                        ready.append(file)
                        sighting.taken = true
                        sightings[file.location] = sighting
                    }
                }
            }
        }
        sightings = sightings.filter { seen.contains($0.key) }
        var started: [TriggeredTask] = []
        for event in ready {
            do {
                let tasks = try await trigger.handle(event)
                for task in tasks where task.created {
                    logger.info("file started a workflow", metadata: ["location": "\(event.location)", "task": "\(task.taskID)"])
                }
                started += tasks
            } catch {
                sightings[event.location]?.taken = false
                logger.error("triggering on a local file failed", metadata: ["location": "\(event.location)", "error": "\(error)"])
            }
        }
        return started
    }

    /// The media files of `bucket` whose keys start with `prefix`, as events.
    private func files(bucket: String, prefix: String) -> [ObjectEvent] {
        let bucketRoot = root.appending(path: bucket, directoryHint: .isDirectory)
        guard Self.kind(of: bucketRoot)?.isDirectory == true else { return [] }
        // Start from the deepest folder the prefix names, so a scan does not walk the whole bucket.
        let folder = prefix.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        var events: [ObjectEvent] = []
        var stack: [(url: URL, key: String)] = [(bucketRoot, "")]
        if !folder.isEmpty {
            var url = bucketRoot
            for segment in folder.split(separator: "/") {
                url.append(path: String(segment), directoryHint: .isDirectory)
                // A link on the way is not followed.
                guard Self.kind(of: url)?.isDirectory == true else { return [] }
            }
            stack = [(url, folder + "/")]
        }
        while let next = stack.popLast() {
            let (directory, directoryKey) = next
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for entry in entries where !entry.hasPrefix(".") {
                let url = directory.appending(path: entry)
                let key = directoryKey + entry
                guard let kind = Self.kind(of: url) else { continue }
                if kind.isDirectory {
                    let folderKey = key + "/"
                    if folderKey.utf8.starts(with: prefix.utf8) || prefix.utf8.starts(with: folderKey.utf8) {
                        stack.append((url, folderKey))
                    }
                } else if kind.isFile, key.utf8.starts(with: prefix.utf8), MediaExtensions.isMedia(fileName: entry),
                          let location = try? StorageLocation(bucket: bucket, key: key) {
                    events.append(ObjectEvent(location: location, inode: kind.inode, size: kind.size, mtimeNanoseconds: kind.mtime,
                                              ctimeNanoseconds: kind.ctime))
                }
            }
        }
        return events
    }

    /// What `lstat` says of a path: nothing for a link or anything but a folder or a regular file.
    private static func kind(of url: URL) -> (isDirectory: Bool, isFile: Bool, inode: UInt64, size: Int64, mtime: Int64, ctime: Int64)? {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        guard type == S_IFDIR || type == S_IFREG else { return nil }
        let mtime = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        let ctime = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
        return (type == S_IFDIR, type == S_IFREG, UInt64(info.st_ino), Int64(info.st_size), mtime, ctime)
    }
}
