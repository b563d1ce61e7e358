import FloeCore
import FloeEngine
import Foundation

/// Finds the caller's media assets by `MediaId` or `InputURL`. Another account's asset is answered exactly
/// like an unknown one.
enum MediaLookup {
    /// The asset named by `MediaId` (which takes precedence) or else `InputURL`. Throws `MissingParameter`
    /// (MediaId) when neither is given, `InvalidParameter` for an input URL that cannot be one, and
    /// `EntityNotExist.Media` when the caller has no such asset.
    static func media(_ parameters: ActionParameters, of caller: Caller, in store: any WorkflowStore) async throws -> MediaAsset {
        if let id = parameters.string("MediaId") {
            guard let media = try await media(id: id, of: caller, in: store) else { throw APIError.mediaNotFound(id) }
            return media
        }
        guard let text = parameters.string("InputURL") else { throw APIError.missingParameter("MediaId") }
        guard let media = try await store.media(inputURL: try location(text, parameter: "InputURL"), accountID: caller.accountID) else {
            throw APIError.mediaNotFound(text)
        }
        return media
    }

    /// The caller's asset with id `text`; `nil` for a malformed id, an unknown one and another account's alike.
    static func media(id text: String, of caller: Caller, in store: any WorkflowStore) async throws -> MediaAsset? {
        guard let id = try? MediaID(text), let media = try await store.media(id), media.accountID == caller.accountID else {
            return nil
        }
        return media
    }

    /// The caller's asset registered for the input URL `text`; `nil` when there is none or `text` is not a location.
    static func media(inputURL text: String, of caller: Caller, in store: any WorkflowStore) async throws -> MediaAsset? {
        guard let location = try? location(text, parameter: "InputURL") else { return nil }
        return try await store.media(inputURL: location, accountID: caller.accountID)
    }

    /// An input URL: `oss://bucket/key` or `http(s)://bucket.oss-<region>.aliyuncs.com/key`, naming a file.
    /// Throws `InvalidParameter` naming `parameter` otherwise (`vod://` inputs are not supported).
    static func location(_ text: String, parameter: String) throws(APIError) -> StorageLocation {
        if text.lowercased().hasPrefix("vod://") {
            throw .invalidParameter(parameter, "vod:// inputs are not supported; register an oss:// location.")
        }
        do {
            return try StorageLocation(parsing: text).requireObject()
        } catch {
            throw .invalidParameter(parameter, error.message)
        }
    }

    /// Comma-separated items of `name`, as ``items(_:)``; 1 to `maximum` of them. Throws `InvalidParameter` otherwise.
    static func list(_ name: String, _ text: String, maximum: Int = 20) throws(APIError) -> [String] {
        let items = items(text)
        guard (1...maximum).contains(items.count) else {
            throw .invalidParameter(name, "it lists \(items.count) items; 1 to \(maximum) are allowed.")
        }
        return items
    }

    /// The comma-separated items of `text`, trimmed, empty ones dropped, each once in the order first given.
    static func items(_ text: String) -> [String] {
        unique(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// `items` without repeats, in the order first given.
    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// Validates `AuthTimeout` (1–86400 seconds) and `OutputType` (`oss` or `cdn`) when given; Floe answers
    /// `oss://` locations whatever they say.
    static func checkURLOptions(_ parameters: ActionParameters) throws(APIError) {
        _ = try parameters.int("AuthTimeout", in: 1...86_400)
        if let type = parameters.string("OutputType"), type != "oss", type != "cdn" {
            throw .invalidParameter("OutputType", "'\(ActionParameters.excerpt(type))' is not oss or cdn.")
        }
    }
}
