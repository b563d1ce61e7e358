import FloeCore
import FloeEngine

/// `BatchGetMediaInfos` (spec §5.3): `MediaIds` (comma-separated, 1–20) and `AdditionType` (comma-separated
/// `FileInfo`, `DynamicMetaData`; only `FileInfo` adds each asset's `FileInfoList`) → `{RequestId, MediaInfos,
/// IgnoredList}`. `IgnoredList` holds the ids that are unknown or another account's, as given. `AuthTimeout`
/// (1–86400) is checked and otherwise ignored.
public struct BatchGetMediaInfosAction: RPCAction {
    /// The action name.
    public static let name = "BatchGetMediaInfos"
    static let additionTypes: Set<String> = ["FileInfo", "DynamicMetaData"]

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let ids = try MediaLookup.list("MediaIds", try parameters.required("MediaIds"))
        let additions = parameters.string("AdditionType").map(MediaLookup.items) ?? []
        if let unknown = additions.first(where: { !Self.additionTypes.contains($0) }) {
            throw APIError.invalidParameter("AdditionType", "'\(ActionParameters.excerpt(unknown))' is not FileInfo or DynamicMetaData.")
        }
        try MediaLookup.checkURLOptions(parameters)
        let files: MediaInfoView.Files = additions.contains("FileInfo") ? .full : .none
        var infos: [JSONValue] = []
        var ignored: [JSONValue] = []
        for id in ids {
            if let media = try await MediaLookup.media(id: id, of: caller, in: store) {
                infos.append(MediaInfoView.mediaInfo(media, files: files))
            } else {
                ignored.append(.string(id))
            }
        }
        return ["MediaInfos": .array(infos), "IgnoredList": .array(ignored)]
    }
}
