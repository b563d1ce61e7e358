import FloeCore
import Foundation

/// Object storage, addressed by ``StorageLocation`` (`oss://bucket/key`).
///
/// Writes are whole: a reader sees the old object or the new one, never a part. Missing objects are
/// ``FloeError/Code/notFound``; backend failures are ``FloeError/Code/storage``.
public protocol ObjectStore: Sendable {
    /// Size, time and ETag of an object, or `nil` when there is none.
    func head(_ location: StorageLocation) async throws -> ObjectInfo?
    /// The whole object, for small objects.
    func get(_ location: StorageLocation) async throws -> Data
    /// Writes `data` as the object at `location`, replacing any.
    @discardableResult
    func put(_ location: StorageLocation, data: Data) async throws -> ObjectInfo
    /// Writes the local file `file` as the object at `location`, replacing any. The file is left in place.
    @discardableResult
    func put(_ location: StorageLocation, file: URL) async throws -> ObjectInfo
    /// Objects of `bucket` whose keys start with `prefix`, in key order, after the key `after`.
    func list(bucket: String, prefix: String, after: String?, limit: Int) async throws -> ObjectListing
    /// Deletes the object; deleting a missing object is not an error.
    func delete(_ location: StorageLocation) async throws
    /// A URL FFmpeg can read the object from: a `file://` URL for local storage, a presigned URL otherwise.
    func readURL(_ location: StorageLocation, expiresIn: Duration) async throws -> URL
}

/// What ``ObjectStore/head(_:)`` tells of an object.
public struct ObjectInfo: Hashable, Sendable {
    public var location: StorageLocation
    public var size: Int64
    public var modifiedTime: Date
    /// Changes whenever the content may have changed.
    public var etag: String

    public init(location: StorageLocation, size: Int64, modifiedTime: Date, etag: String) {
        self.location = location
        self.size = size
        self.modifiedTime = modifiedTime
        self.etag = etag
    }
}

/// One page of ``ObjectStore/list(bucket:prefix:after:limit:)``.
public struct ObjectListing: Hashable, Sendable {
    public var objects: [ObjectInfo]
    /// Pass as `after` for the next page; `nil` on the last.
    public var nextAfter: String?

    public init(objects: [ObjectInfo], nextAfter: String?) {
        self.objects = objects
        self.nextAfter = nextAfter
    }
}
