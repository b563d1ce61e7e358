import Foundation

/// What a RAM condition can be evaluated against: the global condition keys of one request.
public struct RequestContext: Sendable {
    /// `acs:SourceIp`: the client's address as text, IPv4 or IPv6; `nil` when unknown.
    public var sourceIP: String?
    /// `acs:CurrentTime`: when the request is being authorised.
    public var currentTime: Date
    /// `acs:SecureTransport`: whether the request came over TLS.
    public var secureTransport: Bool
    /// Any other condition keys (for example `acs:MFAPresent`), by name; names are case-insensitive.
    public var otherKeys: [String: [String]]

    public init(sourceIP: String?, currentTime: Date, secureTransport: Bool, otherKeys: [String: [String]] = [:]) {
        self.sourceIP = sourceIP
        self.currentTime = currentTime
        self.secureTransport = secureTransport
        self.otherKeys = otherKeys
    }

    /// A key's value, typed as the context holds it.
    enum Value {
        case strings([String])
        case date(Date)
        case bool(Bool)
    }

    /// The value of condition key `key` (case-insensitive), or `nil` when the request has none.
    func value(forKey key: String) -> Value? {
        switch key.lowercased() {
        case "acs:sourceip": sourceIP.map { .strings([$0]) }
        case "acs:currenttime": .date(currentTime)
        case "acs:securetransport": .bool(secureTransport)
        default:
            otherKeys.first { $0.key.lowercased() == key.lowercased() }.map { .strings($0.value) }
        }
    }
}
