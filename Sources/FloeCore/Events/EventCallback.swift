/// An account's callback setting (SetEventCallback): where its events go when a task names no
/// `NotifyAddress`, which event types go, and whether HTTP callbacks are signed.
public struct EventCallback: Hashable, Sendable {
    /// `HTTP` (a POST to ``target``'s URL) or `MNS` (a message in ``target``'s queue).
    public enum CallbackType: String, Hashable, Sendable, CaseIterable {
        case http = "HTTP"
        case mns = "MNS"
    }

    /// Queues named in a setting start with this, as in IMS.
    public static let queuePrefix = "ice-callback-"
    /// Longest AuthKey: 32 characters.
    public static let maximumAuthKeyLength = 32

    public var callbackType: CallbackType
    public var target: NotifyTarget
    /// The event types sent; the others are not. Empty: every type.
    public var eventTypes: Set<EventType>
    /// With ``authKey``: HTTP callbacks carry `X-ICE-TIMESTAMP` and `X-ICE-SIGNATURE`.
    public var authKey: String?

    /// Validates as IMS does: an HTTP type with an http(s) URL, an MNS type with a queue whose name starts
    /// with `ice-callback-`, and an AuthKey (HTTP only) of at most 32 characters that mixes upper case, lower
    /// case and digits.
    public init(callbackType: CallbackType, target: NotifyTarget, eventTypes: Set<EventType> = [],
                authKey: String? = nil) throws(FloeError) {
        switch (callbackType, target) {
        case (.http, .url), (.mns, .queue): break
        case (.http, .queue): throw .invalidParameter("CallbackType HTTP needs a CallbackURL")
        case (.mns, .url): throw .invalidParameter("CallbackType MNS needs a CallbackQueueName")
        }
        if case .queue(let name) = target, !name.hasPrefix(Self.queuePrefix) {
            throw .invalidParameter("CallbackQueueName '\(StorageLocation.excerpt(name))' must start with '\(Self.queuePrefix)'")
        }
        if let authKey {
            guard callbackType == .http else { throw .invalidParameter("AuthKey applies to HTTP callbacks only") }
            guard Self.isValidAuthKey(authKey) else {
                throw .invalidParameter("AuthKey must be at most \(Self.maximumAuthKeyLength) characters and mix upper case, lower case and digits")
            }
        }
        self.callbackType = callbackType
        self.target = target
        self.eventTypes = eventTypes
        self.authKey = authKey
    }

    /// True when events of `type` go to this setting's target.
    public func sends(_ type: EventType) -> Bool {
        eventTypes.isEmpty || eventTypes.contains(type)
    }

    static func isValidAuthKey(_ key: String) -> Bool {
        (1...maximumAuthKeyLength).contains(key.count)
            && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
            && key.contains(where: \.isUppercase) && key.contains(where: \.isLowercase) && key.contains(where: \.isNumber)
    }
}
