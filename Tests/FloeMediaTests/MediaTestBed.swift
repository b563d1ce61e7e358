import FloeCore
import FloeEngine
import FloeMedia
import FloeStorage
import FloeTesting
import Foundation

/// A temporary object store with an input bucket, and contexts for running activities on it.
struct MediaTestBed {
    static let inputBucket = "media-in"
    static let outputBucket = "media-out"

    let folder = TemporaryFolder("media-test")
    /// The bed's folder: the store's, and the scratch folders.
    var root: URL { folder.url }
    let store: FileSystemObjectStore
    let progress = ProgressCell()
    let taskID = TaskID.generate()

    init() throws {
        store = try FileSystemObjectStore(root: folder.appending(path: "storage", directoryHint: .isDirectory))
    }

    /// Copies `file` into the input bucket as `key` (by default its own name).
    func put(_ file: URL, key: String? = nil) async throws -> StorageLocation {
        let location = try StorageLocation(bucket: Self.inputBucket, key: key ?? "uploads/\(file.lastPathComponent)")
        try await store.put(location, file: file)
        return location
    }

    /// A context for the activity `activityName` on `input`, with a fresh scratch folder.
    func context(input: StorageLocation, parameters: JSONValue = .object([:]), activityName: String = "step",
                 accountID: AccountID? = nil) throws -> ActivityContext {
        let scratch = root.appending(path: "scratch-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        return ActivityContext(
            taskID: taskID, mediaID: .generate(), activityName: activityName, parameters: parameters, attempt: 1,
            input: input, upstream: [:], scratchDirectory: scratch, outputBucket: Self.outputBucket, progress: progress,
            accountID: accountID
        )
    }

    /// A context whose parameters are `parameters` encoded as JSON.
    func context(input: StorageLocation, encoding parameters: some Encodable, activityName: String = "step",
                 accountID: AccountID? = nil) throws -> ActivityContext {
        try context(input: input, parameters: JSONValue(encoding: parameters), activityName: activityName, accountID: accountID)
    }

    /// The local file of a stored object.
    func file(_ location: StorageLocation) throws -> URL {
        try store.path(of: location)
    }

    /// Probes a stored object.
    func probe(_ location: StorageLocation) async throws -> MediaProbe {
        try await FFprobe().probe(file(location), name: location.description)
    }

}

/// Runs `body` and returns the ``ActivityError`` it threw, or `nil`.
func activityError(_ body: () async throws -> some Any) async -> ActivityError? {
    do {
        _ = try await body()
        return nil
    } catch let error as ActivityError {
        return error
    } catch {
        return ActivityError(.internalError, "unexpected \(type(of: error)): \(error)", transient: true)
    }
}

/// An object store that reads and writes `base`, calling `beforeWrite` first for every write (a put or a
/// delete): a hook that throws fails the write.
struct WriteHookedObjectStore: ObjectStore {
    let base: FileSystemObjectStore
    let beforeWrite: @Sendable (StorageLocation) throws -> Void

    func head(_ location: StorageLocation) async throws -> ObjectInfo? { try await base.head(location) }
    func get(_ location: StorageLocation) async throws -> Data { try await base.get(location) }
    func put(_ location: StorageLocation, data: Data) async throws -> ObjectInfo {
        try beforeWrite(location)
        return try await base.put(location, data: data)
    }
    func put(_ location: StorageLocation, file: URL) async throws -> ObjectInfo {
        try beforeWrite(location)
        return try await base.put(location, file: file)
    }
    func list(bucket: String, prefix: String, after: String?, limit: Int) async throws -> ObjectListing {
        try await base.list(bucket: bucket, prefix: prefix, after: after, limit: limit)
    }
    func delete(_ location: StorageLocation) async throws {
        try beforeWrite(location)
        try await base.delete(location)
    }
    func readURL(_ location: StorageLocation, expiresIn: Duration) async throws -> URL {
        try await base.readURL(location, expiresIn: expiresIn)
    }
}
