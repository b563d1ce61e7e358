import FloeCore
import Foundation
import Testing

@Suite("Template parsing")
struct TemplateParsingTests {
    @Test("the DESIGN.md example parses from YAML with its activities, parameters and dependencies")
    func designExampleYAML() throws {
        let document = try TemplateDocument.parse(FloeCoreTests.designExampleYAML)
        #expect(document.name == "web-renditions")
        #expect(Set(document.topology.activities.keys) == ["Start", "probe", "mp4", "cover", "End"])
        #expect(document.topology.activities["probe"]?.kind == .mediaInfo)
        #expect(document.topology.activities["probe"]?.parameters == .object([:]))
        #expect(document.topology.dependencies["probe"] == ["mp4", "cover"])
        #expect(document.topology.predecessors["End"] == ["cover", "mp4"])

        let start = document.topology.startParameters
        #expect(start.inputLocation == (try StorageLocation(bucket: "uploads", key: "video/")))
        #expect(start.triggerMode == .automatic)

        let transcode = try #require(document.topology.activities["mp4"]).parameters.decode(TranscodeParameters.self)
        #expect(transcode.outputs.map(\.name) == ["720p", "360p"])
        #expect(transcode.outputs[0].video == VideoSettings(codec: .h264, height: 720, bitrate: 2500))
        #expect(transcode.outputs[1].audio == AudioSettings(codec: .aac, bitrate: 96))
        #expect(transcode.outputLocation == nil)

        let cover = try #require(document.topology.activities["cover"]).parameters.decode(SnapshotParameters.self)
        #expect(cover == SnapshotParameters(time: 1.0, width: 640, format: .jpg))
    }

    @Test("the same template in JSON and in YAML gives equal documents")
    func jsonEqualsYAML() throws {
        let yaml = try TemplateDocument.parse(FloeCoreTests.designExampleYAML)
        let json = try TemplateDocument.parse(FloeCoreTests.designExampleJSON)
        #expect(json == yaml)
    }

    @Test("block-style YAML parses like flow-style YAML")
    func blockYAML() throws {
        let block = """
            Name: probe-only
            Activities:
              Start:
                Type: Start
              probe:
                Type: MediaInfo
              End:
                Type: End
            Dependencies:
              Start:
                - probe
              probe:
                - End
            """
        let flow = "Name: probe-only\nActivities: {Start: {Type: Start}, probe: {Type: MediaInfo}, End: {Type: End}}\nDependencies: {Start: [probe], probe: [End]}"
        #expect(try TemplateDocument.parse(block) == TemplateDocument.parse(flow))
    }

    @Test("a document survives its own JSON text")
    func jsonTextRoundTrip() throws {
        let document = try TemplateDocument.parse(FloeCoreTests.designExampleYAML)
        let again = try TemplateDocument.parse(document.jsonText)
        #expect(again == document)
        #expect(document.jsonText.hasPrefix("{"))
    }

    @Test("a template without Start parameters binds no input and is Manual")
    func startWithoutParameters() throws {
        let document = try TemplateDocument.parse("{\"Name\": \"n\", \"Activities\": {\"Start\": {\"Type\": \"Start\"}, \"End\": {\"Type\": \"End\"}}, \"Dependencies\": {\"Start\": [\"End\"]}}")
        #expect(document.topology.startParameters == StartParameters(inputLocation: nil, triggerMode: .manual))
    }

    @Test("a null Parameters is read as no parameters")
    func nullParameters() throws {
        let document = try TemplateDocument.parse("Name: n\nActivities: {Start: {Type: Start}, probe: {Type: MediaInfo, Parameters: null}, End: {Type: End}}\nDependencies: {Start: [probe], probe: [End]}")
        #expect(document.topology.activities["probe"]?.parameters == .object([:]))
    }

    @Test("an unknown top-level key is named")
    func unknownTopLevelKey() {
        let message = parseMessage("Name: n\nActivites: {}\nActivities: {Start: {Type: Start}, End: {Type: End}}\nDependencies: {Start: [End]}")
        #expect(message?.hasPrefix("Activites: unknown parameter") == true)
    }

    @Test("a missing Activities or Name is named")
    func missingKeys() {
        #expect(parseMessage("Name: n\nDependencies: {}") == "Activities: is required")
        #expect(parseMessage("{\"Activities\": {}}") == "Name: is required")
    }

    @Test("Dependencies must map names to lists")
    func dependenciesShape() {
        let message = parseMessage("Name: n\nActivities: {Start: {Type: Start}, End: {Type: End}}\nDependencies: {Start: End}")
        #expect(message == "Dependencies.Start: expected a list")
        let json = parseMessage("{\"Name\": \"n\", \"Activities\": {\"Start\": {\"Type\": \"Start\"}}, \"Dependencies\": {\"Start\": \"End\"}}")
        #expect(json == "Dependencies.Start: expected a list")
    }

    @Test("Activities must be an object, in YAML and in JSON")
    func activitiesShape() {
        #expect(parseMessage("Name: n\nActivities: [Start, End]") == "Activities: expected an object")
        #expect(parseMessage("{\"Name\": \"n\", \"Activities\": [\"Start\"]}") == "Activities: expected an object")
    }

    @Test("Parameters must be an object")
    func parametersShape() {
        let message = parseMessage("Name: n\nActivities: {Start: {Type: Start, Parameters: [1]}, End: {Type: End}}\nDependencies: {Start: [End]}")
        #expect(message == "Activities.Start.Parameters: must be an object")
    }

    @Test("an unknown key in an activity is named")
    func unknownActivityKey() {
        let message = parseMessage("Name: n\nActivities: {Start: {Type: Start, Params: {}}, End: {Type: End}}\nDependencies: {Start: [End]}")
        #expect(message?.hasPrefix("Activities.Start.Params: unknown parameter") == true)
    }

    @Test("an empty or unprintable Name is refused", arguments: ["", "tab\there", String(repeating: "n", count: 129)])
    func badName(_ name: String) throws {
        let text = String(decoding: try JSONEncoder().encode(name), as: UTF8.self)
        let message = parseMessage("{\"Name\": \(text), \"Activities\": {\"Start\": {\"Type\": \"Start\"}, \"End\": {\"Type\": \"End\"}}, \"Dependencies\": {\"Start\": [\"End\"]}}")
        #expect(message == "Name: must be 1-128 printable characters")
    }

    @Test("text that is neither JSON nor a YAML mapping is refused", arguments: ["{not json", "- a\n- b", "Name: [unclosed"])
    func garbage(_ text: String) {
        #expect(parseMessage(text) != nil)
    }

    @Test("parsing validates the graph")
    func parseValidates() {
        let message = parseMessage("Name: n\nActivities: {Start: {Type: Start}, End: {Type: End}}\nDependencies: {}")
        #expect(message == "activity 'End': not reachable from Start 'Start'")
    }
}
