import FloeCore
import FloeEngine

/// `GetMediaInfo` (spec §5.2): `MediaId` (takes precedence) or `InputURL` → `{RequestId, MediaInfo: {MediaId,
/// MediaBasicInfo, FileInfoList}}`, every file of the asset (the source first, then task outputs) with its
/// stream lists. `OutputType` (`oss`, `cdn`) and `AuthTimeout` (1–86400) are checked and otherwise ignored:
/// `FileUrl` is the file's `oss://` location. An unknown asset, or another account's, is
/// `404 EntityNotExist.Media`.
public struct GetMediaInfoAction: RPCAction {
    /// The action name.
    public static let name = "GetMediaInfo"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        try MediaLookup.checkURLOptions(parameters)
        let media = try await MediaLookup.media(parameters, of: caller, in: store)
        return ["MediaInfo": MediaInfoView.mediaInfo(media, files: .full)]
    }
}
