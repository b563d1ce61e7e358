import FloeStorage
import Foundation

extension S3Endpoint {
    /// ListObjectsV2: `prefix`, `delimiter` (keys that hold it after the prefix are rolled up into one
    /// `CommonPrefixes` entry each), `start-after`, `continuation-token`, `max-keys` (objects and common
    /// prefixes together, at most 1000) and `encoding-type=url`.
    func list(bucket: String, request: S3Authenticator.Request) async throws -> S3Response {
        let urlEncoded: Bool
        switch request.queryValue("encoding-type") {
        case nil: urlEncoded = false
        case "url": urlEncoded = true
        default: throw S3Error.invalidArgument("Invalid Encoding Method specified in Request")
        }
        let prefix = request.queryValue("prefix") ?? ""
        let delimiter = request.queryValue("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        let startAfter = request.queryValue("start-after")
        var maxKeys = Self.maxKeys
        if let text = request.queryValue("max-keys") {
            guard let value = Int(text), value >= 0 else { throw S3Error.invalidArgument("max-keys must be a non-negative integer.") }
            maxKeys = min(value, Self.maxKeys)
        }
        let token = request.queryValue("continuation-token")
        var after = startAfter
        if let token {
            guard let decoded = Self.decodeToken(token) else { throw S3Error.invalidArgument("The continuation token provided is incorrect.") }
            after = max(after ?? "", decoded)
        }
        let page = try await listPage(bucket: bucket, prefix: prefix, delimiter: delimiter, after: after, maxKeys: maxKeys)
        let result = ListBucketResult(bucket: bucket, prefix: prefix, delimiter: delimiter, startAfter: startAfter,
                                      continuationToken: token, nextContinuationToken: page.resumeAfter.map(Self.encodeToken),
                                      maxKeys: maxKeys, objects: page.objects, commonPrefixes: page.commonPrefixes, urlEncoded: urlEncoded)
        return S3Response(status: 200, headers: [("Content-Type", "application/xml")], body: Data(result.xml.utf8))
    }

    /// One page of a listing: objects, rolled-up prefixes, and where the next page starts (`nil` on the last).
    struct ListingPage {
        var objects: [ObjectInfo] = []
        var commonPrefixes: [String] = []
        var resumeAfter: String?
    }

    /// Reads the store's listing after `after` until `maxKeys` entries are found or the keys run out. After a
    /// rolled-up prefix the listing jumps past every key under it.
    func listPage(bucket: String, prefix: String, delimiter: String?, after: String?, maxKeys: Int) async throws -> ListingPage {
        var page = ListingPage()
        guard maxKeys > 0 else { return page }
        var cursor = after
        while true {
            let listing = try await objectStore.list(bucket: bucket, prefix: prefix, after: cursor, limit: Self.maxKeys)
            for object in listing.objects {
                let key = object.location.key
                if let cursor, key <= cursor { continue }
                if page.objects.count + page.commonPrefixes.count == maxKeys {
                    page.resumeAfter = cursor
                    return page
                }
                if let rolledUp = Self.commonPrefix(of: key, prefix: prefix, delimiter: delimiter) {
                    page.commonPrefixes.append(rolledUp)
                    // Past every key that starts with the rolled-up prefix.
                    cursor = rolledUp + "\u{10FFFF}"
                } else {
                    page.objects.append(object)
                    cursor = key
                }
            }
            guard let next = listing.nextAfter else { return page }
            if cursor.map({ $0 < next }) ?? true { cursor = next }
        }
    }

    /// The prefix a key rolls up into: the listing's prefix and the rest of the key up to and with the first
    /// delimiter after it; `nil` when there is none.
    static func commonPrefix(of key: String, prefix: String, delimiter: String?) -> String? {
        guard let delimiter, key.hasPrefix(prefix) else { return nil }
        let rest = key.dropFirst(prefix.count)
        guard let range = rest.range(of: delimiter) else { return nil }
        return prefix + rest[..<range.upperBound]
    }
}
