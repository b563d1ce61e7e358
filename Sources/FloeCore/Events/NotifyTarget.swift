/// Where an event goes: an HTTP(S) URL that gets a POST, or a durable queue of the account, read with
/// ReceiveMessage.
public enum NotifyTarget: Hashable, Sendable {
    case url(String)
    case queue(String)

    /// Longest URL: 256 bytes, as IMS.
    public static let maximumURLBytes = 256
    /// Longest queue name: 120 bytes.
    public static let maximumQueueNameBytes = 120

    /// A `NotifyAddress` (`UserData`) or a setting: a value starting with `http://` or `https://` is a URL (at
    /// most 256 bytes, no spaces or control characters), any other a queue name (1–120 of `A-Z a-z 0-9 -`).
    public init(_ address: String) throws(FloeError) {
        let lowered = address.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            try self.init(url: address)
        } else {
            try self.init(queue: address)
        }
    }

    /// A URL target; see ``init(_:)``.
    public init(url: String) throws(FloeError) {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), url.utf8.count <= Self.maximumURLBytes,
              url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7f }),
              url.split(separator: "/", omittingEmptySubsequences: false).count >= 3,
              !url.split(separator: "/", omittingEmptySubsequences: false)[2].isEmpty else {
            throw .invalidParameter("'\(StorageLocation.excerpt(url))' is not a callback URL: expected http(s)://host[:port]/path, at most \(Self.maximumURLBytes) bytes")
        }
        self = .url(url)
    }

    /// A queue target; see ``init(_:)``.
    public init(queue: String) throws(FloeError) {
        guard (1...Self.maximumQueueNameBytes).contains(queue.utf8.count),
              queue.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 45 }) else {
            throw .invalidParameter("'\(StorageLocation.excerpt(queue))' is not a queue name: 1-\(Self.maximumQueueNameBytes) characters of A-Z, a-z, 0-9 and '-'")
        }
        self = .queue(queue)
    }

    /// The address as written.
    public var address: String {
        switch self {
        case .url(let url): url
        case .queue(let name): name
        }
    }
}
