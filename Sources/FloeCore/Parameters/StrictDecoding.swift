/// A coding key for any name; used to list the keys a JSON object actually has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws when the object being decoded has a key that `Keys` does not list, so that a misspelt
    /// parameter (`Heigth`) is an error rather than silently ignored.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_: Keys.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Keys.allCases.map(\.stringValue)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: codingPath + [key],
                debugDescription: "unknown parameter; expected one of \(known.joined(separator: ", "))"
            ))
        }
    }
}

extension KeyedDecodingContainer {
    /// Throws a data-corrupted error at `key` with `message`.
    func fail(_ key: Key, _ message: String) -> DecodingError {
        DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: message)
    }

    /// Decodes an optional integer at `key` and checks that it lies in `range`.
    func decodeIfPresent(_: Int.Type, forKey key: Key, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = try decodeIfPresent(Int.self, forKey: key) else { return nil }
        guard range.contains(value) else { throw fail(key, "\(value) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// Decodes an optional number at `key` and checks that it lies in `range`.
    func decodeIfPresent(_: Double.Type, forKey key: Key, in range: ClosedRange<Double>) throws -> Double? {
        guard let value = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        guard range.contains(value) else { throw fail(key, "\(value) is out of range \(range.lowerBound)...\(range.upperBound)") }
        return value
    }

    /// Decodes a required string at `key` that must be one of `allowed`.
    func decode(_: String.Type, forKey key: Key, oneOf allowed: [String]) throws -> String {
        guard let value = try decodeIfPresent(String.self, forKey: key, oneOf: allowed) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "required"))
        }
        return value
    }

    /// Decodes an optional string at `key` that must be one of `allowed`.
    func decodeIfPresent(_: String.Type, forKey key: Key, oneOf allowed: [String]) throws -> String? {
        guard let value = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard allowed.contains(value) else { throw fail(key, "'\(value)' is not one of \(allowed.joined(separator: ", "))") }
        return value
    }
}

extension DecodingError {
    /// A one-line message naming the field at fault, such as `Outputs[0].Video.Height: expected an integer`.
    public var fieldMessage: String {
        let (path, detail): ([any CodingKey], String) = switch self {
        case .typeMismatch(let type, let context): (context.codingPath, "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context): (context.codingPath, "expected \(Self.describe(type)), found null")
        case .keyNotFound(let key, let context): (context.codingPath + [key], "is required")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(self)")
        }
        let field = Self.path(path)
        return field.isEmpty ? detail : "\(field): \(detail)"
    }

    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            // JSON names the Swift type; YAML (Yams) names the node kind.
            if name.hasPrefix("Array") || name == "Sequence" { return "a list" }
            if name.hasPrefix("Dictionary") || name == "Mapping" { return "an object" }
            return "a \(name)"
        }
    }
}
