/// Why an activity failed, and whether trying again could help.
public struct ActivityError: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The input is not media, is corrupt, or lacks what the activity needs. Deterministic.
        public static let invalidInput = Code(rawValue: "InvalidInput")
        /// The input or an output asks for a codec or format that cannot be handled. Deterministic.
        public static let unsupported = Code(rawValue: "Unsupported")
        /// The activity's parameters cannot be applied to this input. Deterministic.
        public static let invalidParameter = Code(rawValue: "InvalidParameter")
        /// An external process exited with an error.
        public static let processFailed = Code(rawValue: "ProcessFailed")
        /// An external process was killed by a signal Floe did not send. Transient.
        public static let processKilled = Code(rawValue: "ProcessKilled")
        /// Object storage failed. Transient.
        public static let storage = Code(rawValue: "StorageError")
        /// The worker holding the activity was lost too many times. Deterministic.
        public static let leaseExpired = Code(rawValue: "LeaseExpired")
        /// The activity was stopped because its task was canceled or ended.
        public static let canceled = Code(rawValue: "Canceled")
        /// Anything else. Transient.
        public static let internalError = Code(rawValue: "InternalError")
    }

    public var code: Code
    public var message: String
    /// True when running the activity again may succeed.
    public var isTransient: Bool

    public init(_ code: Code, _ message: String, transient: Bool) {
        self.code = code
        self.message = message
        self.isTransient = transient
    }

    public var description: String { "\(code): \(message)" }

    enum CodingKeys: String, CodingKey {
        case code = "Code", message = "Message", isTransient = "Transient"
    }
}
