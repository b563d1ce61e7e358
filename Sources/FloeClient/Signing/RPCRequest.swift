import FloeAPI

/// A signed RPC request, ready for a transport: `POST /` with the parameters in the query, an empty body,
/// and the headers in the order they were signed, `Authorization` last.
public struct RPCRequest: Sendable {
    /// The action, as in `x-acs-action`.
    public var action: String
    /// `POST`.
    public var method: String
    /// `/`.
    public var path: String
    /// The query string without `?`: every name and value RFC 3986-encoded.
    public var rawQuery: String
    /// The headers, `host` first and `Authorization` last.
    public var headers: [SignedRequest.Header]
    /// The body (empty: parameters travel in the query, as the SDKs send them).
    public var body: [UInt8]

    /// The path and the query, as an HTTP request target.
    public var target: String { rawQuery.isEmpty ? path : "\(path)?\(rawQuery)" }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
