/// One step of a template: a `Type` and its `Parameters`.
public struct ActivityDefinition: Hashable, Sendable, Codable {
    /// The activity type as written (validated against ``ActivityKind``).
    public var type: String
    /// The parameters as written: an object.
    public var parameters: JSONValue

    public init(type: String, parameters: JSONValue = .object([:])) {
        self.type = type
        self.parameters = parameters
    }

    public init(_ kind: ActivityKind, parameters: some Encodable) throws {
        self.init(type: kind.rawValue, parameters: try JSONValue(encoding: parameters))
    }

    /// The kind, when the type is known.
    public var kind: ActivityKind? { ActivityKind(rawValue: type) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name = "Name"
        case type = "Type"
        case parameters = "Parameters"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        parameters = try container.decodeIfPresent(JSONValue.self, forKey: .parameters) ?? .object([:])
        if parameters == .null { parameters = .object([:]) }
        guard parameters.objectValue != nil else { throw container.fail(.parameters, "must be an object") }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        if parameters != .object([:]) { try container.encode(parameters, forKey: .parameters) }
    }
}
