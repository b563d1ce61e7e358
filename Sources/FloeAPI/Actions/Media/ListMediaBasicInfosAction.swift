import FloeCore
import FloeEngine

/// `ListMediaBasicInfos` (spec §5.3): the caller's media assets, filtered by `MediaId`, `MediaType`,
/// `BusinessType`, `Source`, `Status` and create time (`StartTime` exclusive, `EndTime` inclusive,
/// `yyyy-MM-ddTHH:mm:ssZ`), newest first (`SortBy` `desc`, the default) or oldest first (`asc`);
/// `MaxResults` 1–100 (default 10), `NextToken`; `IncludeFileBasicInfo` adds each asset's `FileInfoList` with
/// `FileBasicInfo` only → `{RequestId, MediaInfos, NextToken (unless the last page), MaxResults, TotalCount}`,
/// `TotalCount` counting every matching asset. `AuthTimeout` (1–86400) is checked and otherwise ignored.
public struct ListMediaBasicInfosAction: RPCAction {
    /// The action name.
    public static let name = "ListMediaBasicInfos"
    static let sources: Set<String> = ["oss", "vod", "live", "general"]

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let maxResults = try parameters.int("MaxResults", in: 1...100) ?? 10
        var query = MediaQuery(accountID: caller.accountID, page: PageRequest(limit: maxResults, token: parameters.string("NextToken")))
        var matchesNothing = false
        if let text = parameters.string("MediaId") {
            // A malformed id is no asset of the caller's: an empty page, as for an unknown one.
            if let id = try? MediaID(text) { query.mediaID = id } else { matchesNothing = true }
        }
        query.mediaType = try Self.value("MediaType", parameters, MediaAsset.MediaType.self)?.rawValue
        query.businessType = try Self.value("BusinessType", parameters, MediaAsset.BusinessType.self)
        query.status = try Self.value("Status", parameters, MediaAsset.Status.self)
        if let source = parameters.string("Source") {
            guard Self.sources.contains(source) else {
                throw APIError.invalidParameter("Source", "'\(ActionParameters.excerpt(source))' is not oss, vod, live or general.")
            }
            query.source = source
        }
        query.createdAfter = try parameters.time("StartTime")
        query.createdUntil = try parameters.time("EndTime")
        if let sortBy = parameters.string("SortBy") {
            guard let order = MediaQuery.Order(rawValue: sortBy.lowercased()) else {
                throw APIError.invalidParameter("SortBy", "'\(ActionParameters.excerpt(sortBy))' is not desc or asc.")
            }
            query.order = order
        }
        let includeFiles = try parameters.bool("IncludeFileBasicInfo") ?? false
        try MediaLookup.checkURLOptions(parameters)

        var page = Page<MediaAsset>(items: [], nextToken: nil)
        var total = 0
        if !matchesNothing {
            do {
                page = try await store.medias(query)
            } catch let error as FloeError where error.code == .invalidParameter {
                throw APIError.invalidParameter("NextToken", "it is not a token this server gave for this SortBy.")
            }
            total = try await store.mediaCount(query)
        }
        var members: [String: JSONValue] = [
            "MediaInfos": .array(page.items.map { MediaInfoView.mediaInfo($0, files: includeFiles ? .basic : .none) }),
            "MaxResults": .number(Double(maxResults)),
            "TotalCount": .number(Double(total)),
        ]
        if let next = page.nextToken { members["NextToken"] = .string(next) }
        return members
    }

    /// The value of `name` as one of `T`'s cases; `InvalidParameter` listing them otherwise.
    static func value<T: RawRepresentable & CaseIterable>(_ name: String, _ parameters: ActionParameters, _ type: T.Type)
        throws(APIError) -> T? where T.RawValue == String {
        guard let text = parameters.string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw .invalidParameter(name, "'\(ActionParameters.excerpt(text))' is not one of "
                + T.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        return value
    }
}
