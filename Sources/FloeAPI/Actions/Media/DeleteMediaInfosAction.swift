import FloeCore
import FloeEngine
import FloeStorage

/// `DeleteMediaInfos` (spec §5.3): `MediaIds` or else `InputURLs` (comma-separated, 1–20) →
/// `{RequestId, ForbiddenList, IgnoredList}`.
///
/// - Unknown ids and input URLs, and another account's, go to `IgnoredList` as given.
/// - An asset with a workflow task that has not ended (`Init` or `Processing`) goes to `ForbiddenList` and is kept.
/// - `DeletePhysicalFiles` true also deletes every file of a deleted asset from object storage (the source and
///   the task outputs), except files another media asset (of any account) still lists. The locations are
///   validated `StorageLocation`s, so nothing outside its bucket is touched.
public struct DeleteMediaInfosAction: RPCAction {
    /// The action name.
    public static let name = "DeleteMediaInfos"

    let store: any WorkflowStore
    let objectStore: any ObjectStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore, objectStore: any ObjectStore) {
        self.store = store
        self.objectStore = objectStore
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let byID: Bool
        let references: [String]
        if let ids = parameters.string("MediaIds") {
            byID = true
            references = try MediaLookup.list("MediaIds", ids)
        } else if let urls = parameters.string("InputURLs") {
            byID = false
            references = try MediaLookup.list("InputURLs", urls)
        } else {
            throw APIError.missingParameter("MediaIds")
        }
        let deletePhysicalFiles = try parameters.bool("DeletePhysicalFiles") ?? false

        var forbidden: [JSONValue] = []
        var ignored: [JSONValue] = []
        for reference in references {
            let found = byID
                ? try await MediaLookup.media(id: reference, of: caller, in: store)
                : try await MediaLookup.media(inputURL: reference, of: caller, in: store)
            guard let media = found else {
                ignored.append(.string(reference))
                continue
            }
            do {
                guard try await store.deleteMedia(media.id) else {
                    ignored.append(.string(reference))  // deleted a moment ago
                    continue
                }
            } catch let error as FloeError where error.code == .conflict {
                forbidden.append(.string(reference))
                continue
            }
            if deletePhysicalFiles {
                for file in media.files where try await !store.isMediaFileListed(file.location) {
                    try await objectStore.delete(file.location)
                }
            }
        }
        return ["ForbiddenList": .array(forbidden), "IgnoredList": .array(ignored)]
    }
}
