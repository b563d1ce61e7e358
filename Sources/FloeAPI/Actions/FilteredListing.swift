import FloeCore
import FloeEngine
import Foundation

/// One page of a list action (`ListWorkflowTasks`, `ListWorkflows`) whose filters the store does not apply:
/// reads the store's pages, keeps the items that pass the filters, and says where the next page resumes.
///
/// `NextToken` is therefore Floe's own: the store's token of the page to read next and the ``Position`` of
/// the last item already looked at. Resuming skips every item at or before that position, so items added
/// or removed between two calls never make an item appear twice.
struct FilteredListing<Item: Sendable, Position: Comparable & LosslessStringConvertible> {
    /// How many items are read from the store at a time.
    static var scanPageSize: Int { 100 }

    /// The store's page of `scanPageSize` items after the store token (`nil`: the first page).
    let fetch: (PageRequest) async throws -> Page<Item>
    /// Where an item stands in the store's order: an item that comes later has a greater position.
    let position: (Item) -> Position

    /// Up to `maxResults` items after `token` (a `NextToken` this listing gave, or `nil` for the first page)
    /// that pass `include`, and the `NextToken` of the rest (`nil` when the list has ended). The scan stops
    /// at the first item for which `isPastEnd` holds: the store's order says none after it can pass.
    /// Throws `InvalidParameter` (NextToken) for a token this listing did not give.
    func page(maxResults: Int, after token: String?, include: (Item) -> Bool,
              isPastEnd: (Item) -> Bool = { _ in false }) async throws -> (items: [Item], nextToken: String?) {
        var cursor = Cursor(storeToken: nil, after: nil)
        if let token { cursor = try Cursor(token: token) }
        var found: [Item] = []
        while true {
            let page: Page<Item>
            do {
                page = try await fetch(PageRequest(limit: Self.scanPageSize, token: cursor.storeToken))
            } catch let error as FloeError where error.code == .invalidParameter {
                throw Cursor.invalid
            }
            for (index, item) in page.items.enumerated() {
                let here = position(item)
                if let after = cursor.after, here <= after { continue }
                if isPastEnd(item) { return (found, nil) }
                guard include(item) else { continue }
                found.append(item)
                guard found.count == maxResults else { continue }
                if index + 1 < page.items.count {
                    return (found, Cursor(storeToken: cursor.storeToken, after: here).token)
                }
                return (found, page.nextToken.map { Cursor(storeToken: $0, after: here).token })
            }
            guard let next = page.nextToken else { return (found, nil) }
            cursor.storeToken = next
        }
    }

    /// Where a listing resumes: a store page, and the position of the last item looked at.
    struct Cursor {
        static var invalid: APIError { .invalidParameter("NextToken", "it is not a token this server gave.") }

        var storeToken: String?
        var after: Position?

        init(storeToken: String?, after: Position?) {
            self.storeToken = storeToken
            self.after = after
        }

        /// Parses a `NextToken`: base64url of `<position>\n<store token>`.
        init(token: String) throws(APIError) {
            var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            guard token.utf8.count <= 1024, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
                  let newline = text.firstIndex(of: "\n")
            else { throw Self.invalid }
            let position = String(text[..<newline])
            let storeToken = String(text[text.index(after: newline)...])
            var after: Position?
            if !position.isEmpty {
                guard let parsed = Position(position) else { throw Self.invalid }
                after = parsed
            }
            self.init(storeToken: storeToken.isEmpty ? nil : storeToken, after: after)
        }

        var token: String {
            var position = ""
            if let after { position = after.description }
            return Data("\(position)\n\(storeToken ?? "")".utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
    }
}
