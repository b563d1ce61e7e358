#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address block in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a
/// block of one. IPv4-mapped IPv6 addresses (`::ffff:10.1.2.3`) are treated as the IPv4 address.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The network address, 4 or 16 bytes, host bits cleared.
    public let address: [UInt8]
    /// The number of leading bits that are fixed.
    public let prefixLength: Int
    /// The text it was parsed from.
    public let description: String

    /// Parses `address` or `address/prefix`; `nil` if either part is malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard var bytes = Self.parseAddress(String(parts[0])) else { return nil }
        var prefix = bytes.count * 8
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber),
                  parts[1].count <= 3, let length = Int(parts[1]), length <= prefix
            else { return nil }
            prefix = length
        }
        if bytes.count == 16, Self.isIPv4Mapped(bytes), prefix >= 96 {
            bytes = Array(bytes[12...])
            prefix -= 96
        }
        self.address = Self.masked(bytes, prefix)
        self.prefixLength = prefix
        self.description = text
    }

    /// Whether the address `text` lies in this block; `false` for an unparseable address or another family.
    public func contains(_ text: String) -> Bool {
        guard var bytes = Self.parseAddress(text) else { return false }
        if bytes.count == 16, Self.isIPv4Mapped(bytes) { bytes = Array(bytes[12...]) }
        return bytes.count == address.count && Self.masked(bytes, prefixLength) == address
    }

    /// The bytes of an IPv4 (4) or IPv6 (16) address, or `nil`. An IPv6 zone (`%eth0`) is ignored.
    static func parseAddress(_ text: String) -> [UInt8]? {
        var text = text
        if let zone = text.firstIndex(of: "%") { text = String(text[..<zone]) }
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if !text.contains(":") {
            var v4 = in_addr()
            guard inet_pton(AF_INET, text, &v4) == 1 else { return nil }
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        return withUnsafeBytes(of: &v6) { Array($0) }
    }

    private static func isIPv4Mapped(_ bytes: [UInt8]) -> Bool {
        bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
    }

    private static func masked(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bits = min(max(prefix - index * 8, 0), 8)
            return bits == 8 ? byte : byte & ~(UInt8.max >> bits)
        }
    }
}
