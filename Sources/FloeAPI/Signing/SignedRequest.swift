/// An HTTP request as the signature verifiers see it, independent of any HTTP server.
///
/// Everything is kept **as received**: the method, the path, the raw query string and the header values
/// (the `Host` value in particular is never normalised, since the SDK signs whatever it sent).
/// Only header *names* are compared case-insensitively.
public struct SignedRequest: Sendable {
    /// One header as received.
    public struct Header: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The HTTP method as received (`POST`, `GET`).
    public let method: String
    /// The request path without the query, as received (`/` for every ICE action).
    public let path: String
    /// The query string after `?`, undecoded (empty when there is none).
    public let rawQuery: String
    /// Every header in the order received; several headers may share a name.
    public let headers: [Header]
    /// The body bytes.
    public let body: [UInt8]
    /// The query's name–value pairs, form-decoded (`+` is a space), in the order received.
    public let queryParameters: [(name: String, value: String)]
    /// The form body's name–value pairs when the body is `application/x-www-form-urlencoded`, else empty.
    public let formParameters: [(name: String, value: String)]
    /// Each header's values in the order received, by lowercased name: the signature checks look headers up
    /// a dozen times a request.
    private let valuesByName: [String: [String]]

    /// Builds the request and form-decodes its query, and its body when `Content-Type` says it is a form.
    ///
    /// - Throws: `InvalidParameter` when the query or form body has a malformed escape.
    public init(
        method: String,
        path: String,
        rawQuery: String,
        headers: [Header],
        body: [UInt8] = []
    ) throws(SignatureError) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
        var valuesByName: [String: [String]] = [:]
        for header in headers {
            valuesByName[header.name.lowercased(), default: []].append(header.value)
        }
        self.valuesByName = valuesByName
        self.queryParameters = try FormEncoding.decode(rawQuery)
        let contentType = valuesByName["content-type"]?.first?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            self.formParameters = try FormEncoding.decode(String(decoding: body, as: UTF8.self))
        } else {
            self.formParameters = []
        }
    }

    /// The query parameters followed by the form body parameters.
    public var parameters: [(name: String, value: String)] { queryParameters + formParameters }

    /// The first value of parameter `name` (exact, case-sensitive name), query first, then form body.
    public func parameter(_ name: String) -> String? {
        queryParameters.first { $0.name == name }?.value ?? formParameters.first { $0.name == name }?.value
    }

    /// Every value of header `name` (case-insensitive name), in the order received.
    public func headerValues(_ name: String) -> [String] {
        valuesByName[name] ?? valuesByName[name.lowercased()] ?? []
    }

    /// The first value of header `name` (case-insensitive name).
    public func header(_ name: String) -> String? {
        headerValues(name).first
    }
}
