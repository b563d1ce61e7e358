import FloeCore
import Foundation

/// A RAM policy document (spec §7.2): `Version` `"1"` and a list of statements.
///
/// Building one validates it completely, so a policy that exists can always be evaluated:
/// ```json
/// {"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["ice:StartWorkflow", "ice:Get*"],
///   "Resource": "*", "Condition": {"IpAddress": {"acs:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}}]}
/// ```
public struct Policy: Hashable, Sendable {
    /// The only policy language version.
    public static let version = "1"
    /// The longest document accepted, in UTF-8 bytes (RAM's limit for a custom policy).
    public static let maximumLength = 6144

    /// The statements, in document order.
    public var statements: [PolicyStatement]

    public init(statements: [PolicyStatement]) {
        self.statements = statements
    }

    /// Parses and validates a policy document.
    ///
    /// - Throws: ``PolicyError`` (`MalformedPolicyDocument`) naming what is wrong and where.
    public init(jsonText: String) throws(PolicyError) {
        guard jsonText.utf8.count <= Self.maximumLength else {
            throw .malformed("", "the policy document is longer than \(Self.maximumLength) bytes")
        }
        let json: JSONValue
        do {
            json = try JSONValue(jsonText: jsonText)
        } catch {
            throw .malformed("", "the policy document is not valid JSON")
        }
        try self.init(json: json)
    }

    /// Validates a policy document already parsed as JSON.
    ///
    /// - Throws: ``PolicyError`` (`MalformedPolicyDocument`) naming what is wrong and where.
    public init(json: JSONValue) throws(PolicyError) {
        guard let members = json.objectValue else { throw .malformed("", "the policy document must be a JSON object") }
        for key in members.keys where key != "Version" && key != "Statement" {
            throw .malformed(key, "unknown policy element; expected Version and Statement")
        }
        guard let version = members["Version"] else { throw .malformed("Version", "is missing") }
        guard version.stringValue == Self.version else { throw .malformed("Version", "must be the string \"1\"") }
        guard let statement = members["Statement"] else { throw .malformed("Statement", "is missing") }
        guard case .array(let items) = statement else { throw .malformed("Statement", "must be a list of statements") }
        guard !items.isEmpty else { throw .malformed("Statement", "must not be empty") }
        var statements: [PolicyStatement] = []
        for (index, item) in items.enumerated() {
            statements.append(try PolicyStatement(json: item, path: "Statement[\(index)]"))
        }
        self.statements = statements
    }
}

extension Policy: Decodable {
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }
}
