import Foundation

/// What the S3 endpoint answers: a status, headers and a body (empty for `HEAD`): bytes, or a range of a
/// local file that the server streams from disk.
public struct S3Response: Sendable {
    /// Bytes `range` of the local file `url`.
    public struct FileBody: Sendable, Equatable {
        public var url: URL
        public var range: ClosedRange<Int>
    }

    public var status: Int
    /// Header names and values, in order.
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// When set, the body is this part of a file instead of ``body``.
    public var file: FileBody?

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data(), file: FileBody? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.file = file
    }

    /// The value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
