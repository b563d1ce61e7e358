import Foundation

/// A place in object storage: `oss://bucket/key`.
///
/// The key may be empty or end in `/`, in which case the location names a prefix (a folder) rather than
/// an object. Every location is validated when it is made, so no code downstream sees a key that could
/// escape its bucket:
/// - the bucket is 3–63 characters of `a-z`, `0-9` and `-`, starting and ending with a letter or digit;
/// - the key has no leading `/`, no empty, `.` or `..` segment, no control character, and is at most
///   1023 bytes of UTF-8.
///
/// `http(s)://bucket.oss-<region>.aliyuncs.com/key` is accepted and normalised to `oss://bucket/key`.
public struct StorageLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let bucket: String
    public let key: String

    /// The longest key accepted, in bytes of UTF-8.
    public static let maxKeyBytes = 1023

    public init(bucket: String, key: String) throws(FloeError) {
        try Self.validate(bucket: bucket)
        try Self.validate(key: key)
        self.bucket = bucket
        self.key = key
    }

    /// Parses `oss://bucket/key` or an OSS `http(s)` URL.
    public init(parsing text: String) throws(FloeError) {
        if text.hasPrefix("oss://") {
            let rest = text.dropFirst("oss://".count)
            let bucket = rest.prefix { $0 != "/" }
            let key = rest.dropFirst(bucket.count).dropFirst()
            try self.init(bucket: String(bucket), key: String(key))
        } else if text.hasPrefix("http://") || text.hasPrefix("https://") {
            guard let components = URLComponents(string: text), let host = components.host?.lowercased(),
                  let bucket = Self.bucket(fromOSSHost: host)
            else {
                throw .invalidLocation("'\(Self.excerpt(text))' is not an OSS URL: expected http(s)://bucket.oss-<region>.aliyuncs.com/key")
            }
            let path = components.percentEncodedPath.removingPercentEncoding ?? components.path
            try self.init(bucket: bucket, key: String(path.drop { $0 == "/" }.isEmpty ? "" : path.dropFirst()))
        } else {
            throw .invalidLocation("'\(Self.excerpt(text))' is not a storage location: expected oss://bucket/key")
        }
    }

    /// True when the key names an object rather than a prefix.
    public var isObject: Bool { !key.isEmpty && !key.hasSuffix("/") }

    /// The last segment of the key (`video.mp4` for `oss://b/a/video.mp4`).
    public var fileName: String {
        String(key.split(separator: "/").last ?? "")
    }

    /// The file name's extension, lowercased, without the dot; empty when there is none.
    public var fileExtension: String {
        let name = fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }

    /// The file name without its extension.
    public var baseName: String {
        let name = fileName
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// Throws unless this location names an object.
    public func requireObject() throws(FloeError) -> StorageLocation {
        guard isObject else { throw .invalidLocation("'\(self)' names a folder, not a file") }
        return self
    }

    /// The location of `relativeKey` under this location's key.
    public func appending(_ relativeKey: String) throws(FloeError) -> StorageLocation {
        let base = key.isEmpty || key.hasSuffix("/") ? key : key + "/"
        return try StorageLocation(bucket: bucket, key: base + relativeKey)
    }

    /// The location of `fileName` in the same folder as this location (`oss://b/a/x.ts` for `x.ts` beside
    /// `oss://b/a/master.m3u8`).
    /// - Throws: `.invalidLocation` when `fileName` is empty or holds a `/`.
    public func sibling(_ fileName: String) throws(FloeError) -> StorageLocation {
        guard !fileName.isEmpty, !fileName.contains("/") else { throw .invalidLocation("'\(fileName)' is not a file name") }
        let folder = key.hasSuffix("/") ? key : String(key[..<(key.lastIndex(of: "/").map { key.index(after: $0) } ?? key.startIndex)])
        return try StorageLocation(bucket: bucket, key: folder + fileName)
    }

    public var description: String { "oss://\(bucket)/\(key)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.bucket, lhs.key) < (rhs.bucket, rhs.key)
    }

    // MARK: Validation

    public static func validate(bucket: String) throws(FloeError) {
        let bytes = Array(bucket.utf8)
        let allowed = bytes.allSatisfy { isLowerAlnum($0) || $0 == UInt8(ascii: "-") }
        guard (3...63).contains(bytes.count), allowed, let first = bytes.first, let last = bytes.last,
              isLowerAlnum(first), isLowerAlnum(last)
        else {
            throw .invalidLocation("'\(excerpt(bucket))' is not a valid bucket name: 3-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit")
        }
    }

    public static func validate(key: String) throws(FloeError) {
        if key.utf8.count > maxKeyBytes {
            throw .invalidLocation("key is \(key.utf8.count) bytes long; at most \(maxKeyBytes) are allowed")
        }
        if key.hasPrefix("/") {
            throw .invalidLocation("key '\(excerpt(key))' starts with '/'")
        }
        if key.unicodeScalars.contains(where: isControl) {
            throw .invalidLocation("key '\(excerpt(key))' contains a control character")
        }
        guard !key.isEmpty else { return }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if segment == ".." || segment == "." {
                throw .invalidLocation("key '\(excerpt(key))' has a '\(segment)' segment")
            }
            if segment.isEmpty && index != segments.count - 1 {
                throw .invalidLocation("key '\(excerpt(key))' has an empty segment ('//')")
            }
        }
    }

    /// C0 and C1 control characters and DEL (Unicode general category Cc).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func isLowerAlnum(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// `bucket` from `bucket.oss-<region>[-internal].aliyuncs.com`.
    private static func bucket(fromOSSHost host: String) -> String? {
        guard host.hasSuffix(".aliyuncs.com") else { return nil }
        let labels = host.split(separator: ".")
        guard labels.count == 4, labels[1].hasPrefix("oss-"), labels[1].count > 4 else { return nil }
        return String(labels[0])
    }

    /// A printable excerpt of untrusted text for an error message.
    static func excerpt(_ text: String) -> String {
        let printable = String(text.unicodeScalars.map { isControl($0) ? "?" : Character($0) })
        return printable.count > 80 ? printable.prefix(80) + "…" : printable
    }
}

extension StorageLocation: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            // A decoding error carries the field's path, so a template error names `InputLocation`.
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
