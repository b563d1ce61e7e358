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

    /// The most values (scalars, lists, objects) a YAML template may have once its aliases are expanded.
    /// Without aliases a document has fewer values than characters; with them a short text can stand for
    /// billions (the "billion laughs"), which this limit refuses before anything decodes them.
    public static let maximumYAMLValues = 100_000

    /// Parses and validates a template written in JSON (text starting with `{`) or YAML.
    public static func parse(_ text: String) throws(FloeError) -> TemplateDocument {
        let document: TemplateDocument
        do {
            if text.drop(while: \.isWhitespace).hasPrefix("{") {
                document = try JSONCoding.decoder.decode(TemplateDocument.self, from: Data(text.utf8))
            } else {
                // As `YAMLDecoder.decode(_:from: String)` does, with the expanded size checked in between.
                let parser = try Parser(yaml: text, resolver: Resolver.basic.appending(.merge))
                document = try withExtendedLifetime(parser) {
                    let root = try parser.singleRoot() ?? ""
                    try checkExpandedSize(of: root)
                    return try YAMLDecoder().decode(TemplateDocument.self, from: root)
                }
            }
        } catch let error as FloeError {
            throw error
        } catch let error as DecodingError {
            throw .invalidTemplate(error.fieldMessage)
        } catch let error as YamlError {
            throw .invalidTemplate(yamlMessage(error))
        } catch {
            throw .invalidTemplate("not a valid template: \(error)")
        }
        try document.topology.validate()
        return document
    }

    /// A one-line message for a YAML syntax error: where, and what is wrong, without quoting the text.
    static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return "not valid YAML: line \(mark.line), column \(mark.column): \(problem)\(during)"
        case .duplicatedKeysInMapping(_, let context):
            return "not valid YAML: a key is repeated in the mapping at line \(context.mark.line), column \(context.mark.column)"
        case .reader(let problem, _, _, _):
            return "not valid YAML: \(problem)"
        default:
            return "not valid YAML"
        }
    }

    /// Throws unless `root` has at most ``maximumYAMLValues`` values with its aliases expanded. Walks at most
    /// that many, without recursion.
    static func checkExpandedSize(of root: Node) throws(FloeError) {
        var count = 0
        var pending = [root]
        while let node = pending.popLast() {
            count += 1
            guard count <= maximumYAMLValues else {
                throw .invalidTemplate("the YAML has more than \(maximumYAMLValues) values once its aliases are expanded")
            }
            switch node {
            case .scalar, .alias: break
            case .mapping(let mapping): for pair in mapping { pending += [pair.key, pair.value] }
            case .sequence(let sequence): pending += sequence
            }
        }
    }

    /// The document as YAML-compatible JSON text, pretty-printed.
    public var jsonText: String {
        let encoder = JSONCoding.encoder
        encoder.outputFormatting.insert(.prettyPrinted)
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}
