import FloeCore
import Foundation

/// Object storage in a local folder: `oss://bucket/key` is the file `<root>/bucket/key`.
///
/// Writes go to a temporary file under `<root>/.tmp` and are renamed into place, so a reader (or a crash)
/// never sees half an object. No location can reach outside its bucket folder: keys are validated by
/// ``StorageLocation``, and a symbolic link anywhere from the bucket folder down is refused rather than
/// followed.
public struct FileSystemObjectStore: ObjectStore {
    /// The folder that holds one folder per bucket.
    public let root: URL

    public init(root: URL) throws {
        self.root = root.standardizedFileURL
        try FileManager.default.createDirectory(at: temporaryFolder, withIntermediateDirectories: true)
    }

    private var temporaryFolder: URL { root.appending(path: ".tmp", directoryHint: .isDirectory) }

    /// The local path of `location`, after checking that no part of it below the root is a symbolic link.
    public func path(of location: StorageLocation) throws -> URL {
        var url = root.appending(path: location.bucket, directoryHint: .isDirectory)
        try refuseSymlink(url, location)
        for segment in location.key.split(separator: "/") {
            url.append(path: String(segment), directoryHint: .notDirectory)
            try refuseSymlink(url, location)
        }
        return url
    }

    private func refuseSymlink(_ url: URL, _ location: StorageLocation) throws {
        var info = stat()
        if lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
            throw FloeError.invalidLocation("'\(location)' passes through a symbolic link; links are not followed")
        }
    }

    public func head(_ location: StorageLocation) async throws -> ObjectInfo? {
        let url = try path(of: location.requireObject())
        var info = stat()
        guard stat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Self.objectInfo(location, info)
    }

    public func get(_ location: StorageLocation) async throws -> Data {
        let url = try path(of: location.requireObject())
        guard try await head(location) != nil else { throw FloeError.notFound("no object at \(location)") }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw FloeError(.storage, "reading \(location): \(error.localizedDescription)")
        }
    }

    @discardableResult
    public func put(_ location: StorageLocation, data: Data) async throws -> ObjectInfo {
        try await write(location) { temporary in try data.write(to: temporary) }
    }

    @discardableResult
    public func put(_ location: StorageLocation, file: URL) async throws -> ObjectInfo {
        try await write(location) { temporary in try FileCopy.copy(file, to: temporary) }
    }

    /// Writes through a temporary file and renames it into place.
    private func write(_ location: StorageLocation, _ fill: (URL) throws -> Void) async throws -> ObjectInfo {
        let url = try path(of: location.requireObject())
        let temporary = temporaryFolder.appending(path: UUID.random().uuidString, directoryHint: .notDirectory)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Creating folders may have raced with a link being planted; check again before the rename.
            _ = try path(of: location)
            try fill(temporary)
            guard rename(temporary.path, url.path) == 0 else {
                throw FloeError(.storage, "writing \(location): \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if error is FloeError { throw error }
            throw FloeError(.storage, "writing \(location): \(error.localizedDescription)")
        }
        guard let info = try await head(location) else { throw FloeError(.storage, "\(location) vanished after writing") }
        return info
    }

    public func list(bucket: String, prefix: String, after: String?, limit: Int) async throws -> ObjectListing {
        let bucketRoot = try path(of: StorageLocation(bucket: bucket, key: ""))
        // Start from the deepest folder the prefix names, so a listing does not walk the whole bucket.
        let folder = prefix.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let start = folder.isEmpty ? bucketRoot : try path(of: StorageLocation(bucket: bucket, key: folder + "/"))
        var keys: [String] = []
        var stack = [start]
        while let directory = stack.popLast() {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for entry in entries {
                let url = directory.appending(path: entry)
                var info = stat()
                guard lstat(url.path, &info) == 0 else { continue }
                let key = String(url.path.dropFirst(bucketRoot.path.count).drop { $0 == "/" })
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    if (key + "/").hasPrefix(prefix) || prefix.hasPrefix(key + "/") { stack.append(url) }
                case S_IFREG:
                    // A file dropped in by hand whose name is no valid key is not an object; skip it
                    // rather than fail the whole listing.
                    guard key.hasPrefix(prefix), after.map({ key > $0 }) ?? true,
                          (try? StorageLocation(bucket: bucket, key: key)) != nil else { continue }
                    keys.append(key)
                default:
                    continue
                }
            }
        }
        keys.sort()
        let page = keys.prefix(max(1, limit))
        var objects: [ObjectInfo] = []
        for key in page {
            let location = try StorageLocation(bucket: bucket, key: key)
            if let info = try await head(location) { objects.append(info) }
        }
        return ObjectListing(objects: objects, nextAfter: keys.count > page.count ? page.last : nil)
    }

    public func delete(_ location: StorageLocation) async throws {
        let url = try path(of: location.requireObject())
        // A folder is not an object: deleting one is deleting a missing object.
        var info = stat()
        guard lstat(url.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return }
        if unlink(url.path) != 0, errno != ENOENT {
            throw FloeError(.storage, "deleting \(location): \(String(cString: strerror(errno)))")
        }
    }

    public func readURL(_ location: StorageLocation, expiresIn: Duration) async throws -> URL {
        guard try await head(location) != nil else { throw FloeError.notFound("no object at \(location)") }
        return try path(of: location)
    }

    private static func objectInfo(_ location: StorageLocation, _ info: stat) -> ObjectInfo {
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        let etag = LocalFileVersion.string(inode: UInt64(info.st_ino), size: UInt64(info.st_size),
                                           mtimeNanoseconds: UInt64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ UInt64(info.st_mtim.tv_nsec))
        return ObjectInfo(location: location, size: Int64(info.st_size), modifiedTime: Date(timeIntervalSince1970: seconds), etag: etag)
    }
}
