import FloeCore

/// The two encodings a signed request goes through: form decoding of what arrives
/// (`application/x-www-form-urlencoded`, as Python's `urlencode` writes it) and RFC 3986 percent-encoding
/// of what is signed (Python's `quote(value, safe='~')`).
public enum FormEncoding {
    /// Splits a query string or form body into its name–value pairs, in order, decoding each side:
    /// `+` is a space, then `%XX` escapes are UTF-8 bytes. A pair without `=` has an empty value;
    /// empty segments (`a=1&&b=2`) are skipped.
    ///
    /// - Throws: `InvalidParameter` for a truncated or non-hex escape, or bytes that are not UTF-8.
    public static func decode(_ raw: String) throws(SignatureError) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for segment in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let segment = Substring(segment)
            let name: Substring
            let value: Substring
            if let equals = segment.firstIndex(of: "=") {
                name = segment[..<equals]
                value = segment[segment.index(after: equals)...]
            } else {
                name = segment
                value = ""
            }
            pairs.append((try decodeComponent(name), try decodeComponent(value)))
        }
        return pairs
    }

    /// Form-decodes one component: `+` becomes a space, `%XX` a byte; the bytes must be UTF-8.
    public static func decodeComponent(_ component: some StringProtocol) throws(SignatureError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(component.utf8.count)
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(Hex.value(ofDigit:)), let low = iterator.next().flatMap(Hex.value(ofDigit:)) else {
                    throw .invalidParameter("query", "malformed percent-encoding in \"\(excerpt(component))\"")
                }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidParameter("query", "percent-encoding that is not UTF-8 in \"\(excerpt(component))\"")
        }
        return text
    }

    /// RFC 3986 percent-encoding as the SDKs sign: `A-Z a-z 0-9 - _ . ~` stay, every other UTF-8 byte
    /// becomes `%XX` with uppercase hex (a space is `%20`, `*` is `%2A`, `/` is `%2F`).
    public static func percentEncode(_ text: some StringProtocol) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `text` is all RFC 3986 unreserved characters, so that ``percentEncode(_:)`` leaves it as it is.
    static func isUnreserved(_ text: some StringProtocol) -> Bool {
        text.utf8.allSatisfy(isUnreserved)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// At most 64 characters of what was received, for an error message.
    private static func excerpt(_ text: some StringProtocol) -> String {
        text.count <= 64 ? String(text) : String(text.prefix(64)) + "…"
    }
}
