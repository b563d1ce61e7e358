import FloeCore
import Foundation

/// Sends each bucket to its backend: the buckets named in ``routes`` to theirs, every other bucket to
/// ``fallback`` (the local file system store, by default configuration).
public struct RoutingObjectStore: ObjectStore {
    /// The store of buckets without a route.
    public let fallback: any ObjectStore
    /// The store of each routed bucket.
    public let routes: [String: any ObjectStore]

    public init(fallback: any ObjectStore, routes: [String: any ObjectStore]) {
        self.fallback = fallback
        self.routes = routes
    }

    /// The store that holds `bucket`.
    public func store(for bucket: String) -> any ObjectStore { routes[bucket] ?? fallback }

    public func head(_ location: StorageLocation) async throws -> ObjectInfo? {
        try await store(for: location.bucket).head(location)
    }

    public func get(_ location: StorageLocation) async throws -> Data {
        try await store(for: location.bucket).get(location)
    }

    @discardableResult
    public func put(_ location: StorageLocation, data: Data) async throws -> ObjectInfo {
        try await store(for: location.bucket).put(location, data: data)
    }

    @discardableResult
    public func put(_ location: StorageLocation, file: URL) async throws -> ObjectInfo {
        try await store(for: location.bucket).put(location, file: file)
    }

    public func list(bucket: String, prefix: String, after: String?, limit: Int) async throws -> ObjectListing {
        try await store(for: bucket).list(bucket: bucket, prefix: prefix, after: after, limit: limit)
    }

    public func delete(_ location: StorageLocation) async throws {
        try await store(for: location.bucket).delete(location)
    }

    public func readURL(_ location: StorageLocation, expiresIn: Duration) async throws -> URL {
        try await store(for: location.bucket).readURL(location, expiresIn: expiresIn)
    }
}
