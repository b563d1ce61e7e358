import FloeCore
import FloeEngine

/// `RegisterMediaInfo` (spec §5.1): registers an OSS file as a media asset of the caller's account →
/// `{RequestId, MediaId}`.
///
/// - `InputURL` (required): `oss://bucket/key` or `http(s)://bucket.oss-<region>.aliyuncs.com/key`; `vod://` is
///   not supported. The file is not looked at here: the asset starts `Init` and a `MediaPreparer` (in the
///   worker services) moves it to `Normal`, or to `PrepareFail` when the file is missing or not media, as IMS
///   registers first and fails the preparation later.
/// - `MediaType` (`image`, `video`, `audio`, `text`; by default from the extension), `BusinessType` (`text`
///   requires `subtitles` or `font`), `Title` (by default the file name, cut to 128 bytes), `Description`, `MediaTags`,
///   `CoverURL`, `UserData`, `ReferenceId` (unique per account: `InvalidParameter.ReferenceId`), `CateId`,
///   `Category`: see ``MediaDetailsParameters``.
/// - `Overwrite`: when the caller already registered `InputURL`: false (default) answers that asset's id and
///   changes nothing; true deletes it (`Forbidden.MediaInUse` while a task on it runs) and registers anew.
/// - `ClientToken` (at most 64 characters): the same token in the same account answers the same `MediaId`.
/// - `WorkflowId`: a workflow started on the new asset at once; unknown or `Inactive` is `InvalidParameter`,
///   checked before anything is registered.
/// - `RegisterConfig` (must be JSON), `SmartTagTemplateId`: accepted and ignored.
public struct RegisterMediaInfoAction: RPCAction {
    /// The action name.
    public static let name = "RegisterMediaInfo"
    static let maximumClientTokenLength = 64

    let store: any WorkflowStore
    let launcher: WorkflowLauncher
    let buckets: any BucketAccessPolicy

    /// The action over the given dependencies.
    public init(store: any WorkflowStore, launcher: WorkflowLauncher, buckets: any BucketAccessPolicy) {
        self.store = store
        self.launcher = launcher
        self.buckets = buckets
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let request = try await Request(parameters, caller: caller, store: store)
        try await buckets.require(request.location.bucket, parameter: "InputURL", caller: caller)
        if let token = request.clientToken, let media = try await store.media(clientToken: token, accountID: caller.accountID) {
            return ["MediaId": .string(media.id.rawValue)]
        }
        let media = try await register(request, caller: caller)
        if media.isNew, let workflowID = request.workflowID {
            _ = try await launcher.start(workflowID: workflowID, input: .media(media.asset.id), accountID: caller.accountID,
                                         now: caller.now)
        }
        return ["MediaId": .string(media.asset.id.rawValue)]
    }

    /// Registers the request's asset, or finds the one that answers it; `isNew` is false for the latter.
    private func register(_ request: Request, caller: Caller) async throws -> (asset: MediaAsset, isNew: Bool) {
        let accountID = caller.accountID
        if let existing = try await store.media(inputURL: request.location, accountID: accountID) {
            guard request.overwrite else { return (existing, false) }
            try await checkReferenceID(request.details.referenceID, ignoring: existing.id, accountID: accountID)
            do {
                _ = try await store.deleteMedia(existing.id)
            } catch let error as FloeError where error.code == .conflict {
                throw APIError.mediaInUse(existing.id.rawValue)
            }
        } else {
            try await checkReferenceID(request.details.referenceID, ignoring: nil, accountID: accountID)
        }
        let media = MediaAsset(
            accountID: accountID, inputURL: request.location, mediaType: request.mediaType, details: request.details,
            clientToken: request.clientToken, createTime: caller.now,
            files: [MediaFile(location: request.location, fileType: .sourceFile)])
        do {
            try await store.createMedia(media)
            return (media, true)
        } catch let error as FloeError where error.code == .conflict {
            // A concurrent registration took the token, the input URL or the reference id a moment ago.
            if let token = request.clientToken, let other = try await store.media(clientToken: token, accountID: accountID) {
                return (other, false)
            }
            if !request.overwrite, let other = try await store.media(inputURL: request.location, accountID: accountID) {
                return (other, false)
            }
            if let referenceID = request.details.referenceID, try await store.media(referenceID: referenceID, accountID: accountID) != nil {
                throw APIError.referenceIDTaken(referenceID)
            }
            throw error
        }
    }

    /// Throws `InvalidParameter.ReferenceId` when another asset than `ignoring` of the account has `referenceID`.
    private func checkReferenceID(_ referenceID: String?, ignoring: MediaID?, accountID: AccountID) async throws {
        guard let referenceID, let holder = try await store.media(referenceID: referenceID, accountID: accountID),
              holder.id != ignoring
        else { return }
        throw APIError.referenceIDTaken(referenceID)
    }

    /// The parameters, validated.
    struct Request {
        var location: StorageLocation
        var mediaType: String
        var details: MediaAsset.Details
        var overwrite: Bool
        var clientToken: String?
        var workflowID: WorkflowID?

        init(_ parameters: ActionParameters, caller: Caller, store: any WorkflowStore) async throws {
            location = try MediaLookup.location(try parameters.required("InputURL"), parameter: "InputURL")
            if let text = parameters.string("MediaType") {
                guard MediaAsset.MediaType(rawValue: text) != nil else {
                    throw APIError.invalidParameter("MediaType", "'\(ActionParameters.excerpt(text))' is not image, video, audio or text.")
                }
                mediaType = text
            } else {
                mediaType = MediaExtensions.mediaType(fileName: location.fileName)
            }
            let given = try MediaDetailsParameters(parameters)
            details = try given.applied(to: MediaAsset.Details(title: MediaDetailsParameters.defaultTitle(location.fileName)))
            try MediaDetailsParameters.check(mediaType: mediaType, businessType: details.businessType)
            overwrite = try parameters.bool("Overwrite") ?? false
            clientToken = parameters.string("ClientToken")
            if let clientToken, clientToken.count > RegisterMediaInfoAction.maximumClientTokenLength {
                throw APIError.invalidParameter(
                    "ClientToken", "it has \(clientToken.count) characters; at most \(RegisterMediaInfoAction.maximumClientTokenLength) are allowed.")
            }
            if let config = parameters.string("RegisterConfig"), (try? JSONValue(jsonText: config))?.objectValue == nil {
                throw APIError.invalidParameter("RegisterConfig", "it is not a JSON object.")
            }
            if let text = parameters.string("WorkflowId") {
                guard let id = try? WorkflowID(text), let template = try await store.template(id), template.isVisible(to: caller.accountID) else {
                    throw APIError.invalidParameter("WorkflowId", "workflow \(ActionParameters.excerpt(text)) does not exist.")
                }
                guard template.status == .active else {
                    throw APIError.invalidParameter("WorkflowId", "workflow \(id) is Inactive.")
                }
                workflowID = id
            }
        }
    }
}
