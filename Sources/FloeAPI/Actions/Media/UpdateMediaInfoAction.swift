import FloeCore
import FloeEngine

/// `UpdateMediaInfo` (spec §5.3): `MediaId` (takes precedence) or `InputURL`; `Title`, `Description`,
/// `CoverURL`, `MediaTags`, `AppendTags` (true: add the tags to the existing ones instead of replacing them),
/// `BusinessType`, `CateId`, `Category`, `ReferenceId`, `UserData`, validated as for `RegisterMediaInfo` →
/// `{RequestId, MediaId}`. An absent parameter leaves its field as it is. An unknown asset, or another
/// account's, is `404 EntityNotExist.Media`; a `ReferenceId` another asset of the account has is
/// `InvalidParameter.ReferenceId`.
public struct UpdateMediaInfoAction: RPCAction {
    /// The action name.
    public static let name = "UpdateMediaInfo"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let given = try MediaDetailsParameters(parameters)
        let appendTags = try parameters.bool("AppendTags") ?? false
        let media = try await MediaLookup.media(parameters, of: caller, in: store)
        let details = try given.applied(to: media.details, appendTags: appendTags)
        try MediaDetailsParameters.check(mediaType: media.mediaType, businessType: details.businessType)
        do {
            try await store.updateMedia(media.id, details: details, now: caller.now)
        } catch let error as FloeError where error.code == .conflict {
            throw APIError.referenceIDTaken(details.referenceID ?? "")
        } catch let error as FloeError where error.code == .notFound {
            throw APIError.mediaNotFound(media.id.rawValue)  // deleted a moment ago
        }
        return ["MediaId": .string(media.id.rawValue)]
    }
}
