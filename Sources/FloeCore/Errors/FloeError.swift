/// An error raised by Floe, with a stable ``Code`` that the API edge maps to an IMS error code.
///
/// Errors are values: a code that says what kind of fault it is, and a message for a person that names
/// what was at fault (the activity, the field, the key).
public struct FloeError: CodedError {
    /// What kind of fault an error is.
    public typealias Code = ErrorCode<FloeError>

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func invalidTemplate(_ message: String) -> FloeError { .init(.invalidTemplate, message) }
    public static func invalidLocation(_ message: String) -> FloeError { .init(.invalidLocation, message) }
    public static func invalidParameter(_ message: String) -> FloeError { .init(.invalidParameter, message) }
    public static func notFound(_ message: String) -> FloeError { .init(.notFound, message) }
    public static func conflict(_ message: String) -> FloeError { .init(.conflict, message) }
}

extension ErrorCode where Domain == FloeError {
    /// A workflow template is malformed: its graph, an activity type or a parameter.
    public static var invalidTemplate: Self { Self("InvalidTemplate") }
    /// A storage location (bucket or key) is malformed or unsafe.
    public static var invalidLocation: Self { Self("InvalidLocation") }
    /// A parameter of a request is malformed.
    public static var invalidParameter: Self { Self("InvalidParameter") }
    /// The thing asked for does not exist.
    public static var notFound: Self { Self("NotFound") }
    /// The request conflicts with the current state (for example, cancelling a finished task).
    public static var conflict: Self { Self("Conflict") }
    /// A storage backend failed.
    public static var storage: Self { Self("StorageError") }
    /// The state store failed.
    public static var store: Self { Self("StoreError") }
}
