import Foundation
import Yams

/// A workflow template as a user writes it, in JSON or YAML: `Name`, `Activities` and `Dependencies`.
public struct TemplateDocument: Hashable, Sendable, Codable {
    public var name: String
    public var topology: WorkflowTopology

    public init(name: String, topology: WorkflowTopology) {
        self.name = name
        self.topology = topology
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name = "Name"
        case activities = "Activities"
        case dependencies = "Dependencies"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        guard (1...128).contains(name.count), !name.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw container.fail(.name, "must be 1-128 printable characters")
        }
        topology = WorkflowTopology(
            activities: try container.decode([String: ActivityDefinition].self, forKey: .activities),
            dependencies: try container.decodeIfPresent([String: [String]].self, forKey: .dependencies) ?? [:]
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(topology.activities, forKey: .activities)
        try container.encode(topology.dependencies, forKey: .dependencies)
    }

    /// Parses and validates a template written in JSON (text starting with `{`) or YAML.
    public static func parse(_ text: String) throws(FloeError) -> TemplateDocument {
        let document: TemplateDocument
        do {
            if text.drop(while: \.isWhitespace).hasPrefix("{") {
                document = try JSONCoding.decoder.decode(TemplateDocument.self, from: Data(text.utf8))
            } else {
                document = try YAMLDecoder().decode(TemplateDocument.self, from: text)
            }
        } catch let error as DecodingError {
            throw .invalidTemplate(error.fieldMessage)
        } catch let error as YamlError {
            throw .invalidTemplate("not valid YAML: \(error)")
        } catch {
            throw .invalidTemplate("not a valid template: \(error)")
        }
        try document.topology.validate()
        return document
    }

    /// The document as YAML-compatible JSON text, pretty-printed.
    public var jsonText: String {
        let encoder = JSONCoding.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}
