import FloeCore
import Foundation
import Testing

@Suite("docs/TEMPLATES.md examples")
struct DocumentationExamplesTests {
    /// The complete templates of docs/TEMPLATES.md: its yaml and json code blocks that have `Activities`.
    static func examples() throws -> [String] {
        let docs = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "../../docs/TEMPLATES.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```yaml" || line == "```json" {
                current = []
            } else if line == "```", let lines = current {
                let block = lines.joined(separator: "\n")
                if block.contains("Activities") { blocks.append(block) }
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test("every complete example parses and validates")
    func examplesParse() throws {
        let examples = try Self.examples()
        #expect(examples.count == 8)
        for example in examples {
            do {
                _ = try TemplateDocument.parse(example)
            } catch {
                Issue.record("example does not parse: \(error.message)\n\(example)")
            }
        }
    }

    @Test("the YAML and JSON renditions examples are the same template")
    func yamlAndJSONAgree() throws {
        let named = try Self.examples().map(TemplateDocument.parse).filter { $0.name == "web-renditions" }
        #expect(named.count == 2)
        #expect(named.first == named.last)
    }
}
