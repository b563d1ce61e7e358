import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// An ``ObjectStore`` that records every location it writes as Floe's own output
/// (``WorkflowStore/recordOutput(_:now:)``) before writing it, so the file never triggers a workflow, even in
/// a bound location. The record is committed before the first byte lands, so no watcher scan or upload event
/// can see the file first. Reads, listings and deletes pass through.
struct OutputRecordingObjectStore: ObjectStore {
    let base: any ObjectStore
    let store: any WorkflowStore

    func head(_ location: StorageLocation) async throws -> ObjectInfo? { try await base.head(location) }

    func get(_ location: StorageLocation) async throws -> Data { try await base.get(location) }

    @discardableResult
    func put(_ location: StorageLocation, data: Data) async throws -> ObjectInfo {
        try await store.recordOutput(location.requireObject(), now: Date())
        return try await base.put(location, data: data)
    }

    @discardableResult
    func put(_ location: StorageLocation, file: URL) async throws -> ObjectInfo {
        try await store.recordOutput(location.requireObject(), now: Date())
        return try await base.put(location, file: file)
    }

    func list(bucket: String, prefix: String, after: String?, limit: Int) async throws -> ObjectListing {
        try await base.list(bucket: bucket, prefix: prefix, after: after, limit: limit)
    }

    func delete(_ location: StorageLocation) async throws { try await base.delete(location) }

    func readURL(_ location: StorageLocation, expiresIn: Duration) async throws -> URL {
        try await base.readURL(location, expiresIn: expiresIn)
    }
}
