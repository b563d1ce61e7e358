import Foundation

/// A JSON value: what activity parameters and activity results are made of before they are typed.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The members of an object, or `nil`.
    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The string, or `nil`.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The elements of an array, or `nil`.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The member named `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// Encodes any `Encodable` value as a `JSONValue`.
    public init(encoding value: some Encodable) throws {
        self = try JSONParser.parse(String(decoding: JSONCoding.encoder.encode(value), as: UTF8.self))
    }

    /// Decodes this value as `T`; an `EncodingError` when JSON cannot hold it (a number that is not finite, or
    /// nesting deeper than ``JSONParser`` reads).
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        guard let text = JSONWriter.representableText(of: self) else {
            throw EncodingError.invalidValue(self, .init(codingPath: [], debugDescription: "not representable as JSON"))
        }
        return try JSONCoding.decoder.decode(T.self, from: Data(text.utf8))
    }

    /// This value as compact JSON text with sorted keys, as ``JSONCoding/encoder`` writes it (``JSONWriter``).
    public var jsonText: String {
        JSONWriter.text(of: self)
    }

    /// Parses JSON text (``JSONParser``); text that is not JSON is an `invalidParameter` ``FloeError`` naming
    /// what is wrong and where.
    public init(jsonText: String) throws(FloeError) {
        self = try JSONParser.parse(jsonText)
    }
}

/// The JSON encoder and decoder Floe uses everywhere: sorted keys, no escaped slashes.
public enum JSONCoding {
    public static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    public static var decoder: JSONDecoder { JSONDecoder() }
}
