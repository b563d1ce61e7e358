import FloeCore
import Foundation

/// The business parameters of one request: the query (form-decoded) merged with a form body, the query's
/// value winning when both carry a name. Typed getters turn bad values into IMS errors naming the parameter.
public struct ActionParameters: Sendable {
    private let values: [String: String]

    /// The parameters `request` carries, first value of each name, query before form body.
    public init(_ request: SignedRequest) {
        var values: [String: String] = [:]
        for (name, value) in request.parameters where values[name] == nil {
            values[name] = value
        }
        self.values = values
    }

    /// The value of `name`, or `nil` when absent or empty (the SDK omits unset parameters).
    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The value of `name`. Throws `MissingParameter` when absent or empty.
    public func required(_ name: String) throws(APIError) -> String {
        guard let value = string(name) else { throw .missingParameter(name) }
        return value
    }

    /// `true` or `false` in any case (Python sends `True`), `nil` when absent. Throws `InvalidParameter`.
    public func bool(_ name: String) throws(APIError) -> Bool? {
        guard let value = string(name) else { return nil }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalidParameter(name, "'\(Self.excerpt(value))' is not true or false")
        }
    }

    /// A decimal integer in `range`, `nil` when absent. Throws `InvalidParameter`.
    public func int(_ name: String, in range: ClosedRange<Int>) throws(APIError) -> Int? {
        guard let value = string(name) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw .invalidParameter(name, "'\(Self.excerpt(value))' is not an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A time `yyyy-MM-ddTHH:mm:ssZ`, `nil` when absent. Throws `InvalidParameter`.
    public func time(_ name: String) throws(APIError) -> Date? {
        guard let value = string(name) else { return nil }
        guard let date = WireTime.date(value) else {
            throw .invalidParameter(name, "'\(Self.excerpt(value))' is not a time in the format yyyy-MM-ddTHH:mm:ssZ")
        }
        return date
    }

    /// A printable excerpt of untrusted text for an error message: at most 64 characters, controls replaced.
    static func excerpt(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return cleaned.count > 64 ? String(cleaned.prefix(64)) + "…" : cleaned
    }
}
