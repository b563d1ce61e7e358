import FloeCore
import Foundation
import Testing

@Suite("TemplateDocument: JSON text round trip and YAML limits")
struct TemplateDocumentRoundTripTests {
    @Test("jsonText parses back to the same document: the system templates and the docs' examples")
    func roundTrip() throws {
        var documents = SystemTemplates.all.map(\.document)
        documents += try DocumentationExamplesTests.examples().map(TemplateDocument.parse)
        #expect(documents.count == 4 + 8)
        for document in documents {
            let again = try TemplateDocument.parse(document.jsonText)
            #expect(again == document, "\(document.name)")
            #expect(again.topology == document.topology, "\(document.name)")
        }
    }

    @Test("a YAML template whose aliases expand past the limit is refused before it is decoded")
    func aliasExpansion() {
        // Each level lists the one before ten times: 10^6 strings from a few hundred characters.
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...6 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let text = """
            Name: laughs
            Activities:
              Start: {Type: Start}
              probe: {Type: MediaInfo, Parameters: {Bomb: *l6}}
              End: {Type: End}
            Dependencies: {Start: [probe], probe: [End]}
            """
        let message = parseMessage("Anchors:\n" + lines.map { "  " + $0 }.joined(separator: "\n") + "\n" + text)
        #expect(message == "the YAML has more than \(TemplateDocument.maximumYAMLValues) values once its aliases are expanded")
    }

    @Test("a few aliases within the limit still work")
    func smallAliases() throws {
        let document = try TemplateDocument.parse("""
            Name: aliased
            Activities:
              Start: {Type: Start}
              a: &snap {Type: Snapshot, Parameters: {Time: 1, Format: jpg}}
              b: *snap
              End: {Type: End}
            Dependencies: {Start: [a, b], a: [End], b: [End]}
            """)
        #expect(document.topology.activities["a"] == document.topology.activities["b"])
    }

    @Test("parameters JSON cannot hold are refused in one line", arguments: [".inf", String(repeating: "[", count: 900) + String(repeating: "]", count: 900)])
    func unrepresentableParameters(value: String) {
        let message = parseMessage("Name: n\nActivities: {Start: {Type: Start}, s: {Type: Snapshot, Parameters: {Time: \(value)}}, End: {Type: End}}\nDependencies: {Start: [s], s: [End]}")
        #expect(message == "activity 's' (Snapshot): Parameters: not representable as JSON (a number that is not finite, or nested too deeply)")
    }

    @Test("malformed YAML is refused with the parser's reason")
    func malformedYAML() {
        let message = parseMessage("Name: [unclosed")
        #expect(message == "not valid YAML: line 2, column 1: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 7)")
        let repeated = parseMessage("Name: a\nName: b\nActivities: {}")
        #expect(repeated?.hasPrefix("not valid YAML: a key is repeated") == true, "\(repeated ?? "")")
    }
}
