/// What a task runs on: `{"Type": "Media", "Media": "<MediaId>"}` or `{"Type": "OSS", "Media": "oss://…"}`.
public enum TaskInput: Hashable, Sendable {
    case media(MediaID)
    case oss(StorageLocation)

    /// Parses the `TaskInput` JSON of `StartWorkflow`.
    public init(jsonText: String) throws(FloeError) {
        guard let value = try? JSONValue(jsonText: jsonText), let object = value.objectValue else {
            throw .invalidParameter("TaskInput is not a JSON object")
        }
        guard let type = object["Type"]?.stringValue else { throw .invalidParameter("TaskInput.Type is required: Media or OSS") }
        guard let media = object["Media"]?.stringValue, !media.isEmpty else { throw .invalidParameter("TaskInput.Media is required") }
        switch type {
        case "Media": self = .media(try MediaID(media))
        case "OSS": self = .oss(try StorageLocation(parsing: media).requireObject())
        default: throw .invalidParameter("TaskInput.Type '\(StorageLocation.excerpt(type))' is not Media or OSS")
        }
    }

    /// The JSON text IMS shows for this input.
    public var jsonText: String {
        switch self {
        case .media(let id): JSONValue.object(["Type": .string("Media"), "Media": .string(id.rawValue)]).jsonText
        case .oss(let location): JSONValue.object(["Type": .string("OSS"), "Media": .string(location.description)]).jsonText
        }
    }
}
