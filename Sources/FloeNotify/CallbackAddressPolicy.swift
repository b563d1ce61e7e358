/// Which addresses callbacks may go to. By default none that reach inside: loopback, link-local (which holds
/// the cloud metadata service, 169.254.169.254), private and shared ranges, multicast, unspecified and
/// reserved addresses, in IPv4 and IPv6 (an IPv4-mapped IPv6 address is judged as its IPv4 address). The
/// allowlist opens blocks of them (tests allow loopback). Checked on the addresses a host name resolves to,
/// every one of them, and the connection then goes to a checked address.
public struct CallbackAddressPolicy: Hashable, Sendable {
    /// The blocks closed by default.
    public static let internalNetworks: [IPNetwork] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "64:ff9b::/96", "fc00::/7", "fe80::/10", "ff00::/8",
    ].map { IPNetwork($0)! }

    /// Blocks callbacks may reach even though they are internal.
    public var allowed: [IPNetwork]

    public init(allowed: [IPNetwork] = []) {
        self.allowed = allowed
    }

    /// True when a callback may connect to `address`.
    public func permits(_ address: IPAddress) -> Bool {
        let address = address.unmapped
        if allowed.contains(where: { $0.contains(address) }) { return true }
        return !Self.internalNetworks.contains { $0.contains(address) }
    }
}
