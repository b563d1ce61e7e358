import Foundation

/// What the S3 endpoint answers: a status, headers and a body (empty for `HEAD`).
public struct S3Response: Sendable {
    public var status: Int
    /// Header names and values, in order.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
