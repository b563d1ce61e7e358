import FloeCore
import Testing

@Suite("Snapshot, Start and parameterless activity validation")
struct SnapshotAndStartParameterTests {
    @Test("Snapshot defaults: one jpg frame at 0 s")
    func snapshotDefaults() throws {
        let parameters = try JSONValue(jsonText: "{}").decode(SnapshotParameters.self)
        #expect(parameters == SnapshotParameters(outputLocation: nil, time: 0, count: 1, interval: nil, width: nil, height: nil, format: .jpg))
    }

    @Test("Count above 1 without Interval is refused")
    func countWithoutInterval() throws {
        #expect(try parameterMessage("Snapshot", "{\"Count\": 3}") == "activity 'work' (Snapshot): Parameters.Interval: is required when Count is more than 1")
        #expect(try parameterMessage("Snapshot", "{\"Count\": 3, \"Interval\": 2.5}") == nil)
    }

    @Test("several frames need {OutputName} in OutputLocation")
    func framesNeedOutputName() throws {
        let text = try parameterMessage("Snapshot", "{\"Count\": 3, \"Interval\": 1, \"OutputLocation\": \"oss://out/{TaskId}.{Ext}\"}")
        #expect(text == "activity 'work' (Snapshot): Parameters.OutputLocation: with Count above 1 the location must use {OutputName}")
        #expect(try parameterMessage("Snapshot", "{\"OutputLocation\": \"oss://out/{TaskId}.{Ext}\"}") == nil)
    }

    @Test("Snapshot ranges and formats", arguments: [
        ("{\"Time\": -1}", "Time: -1.0 is out of range 0.0...86400.0"),
        ("{\"Count\": 0}", "Count: 0 is out of range 1...1000"),
        ("{\"Count\": 1001, \"Interval\": 1}", "Count: 1001 is out of range 1...1000"),
        ("{\"Count\": 2, \"Interval\": 0.01}", "Interval: 0.01 is out of range 0.04...86400.0"),
        ("{\"Width\": 1}", "Width: 1 is out of range 2...8192"),
        ("{\"Format\": \"gif\"}", "Format: 'gif' is not one of jpg, png, webp"),
        ("{\"Widht\": 640}", "Widht: unknown parameter; expected one of Type, OutputLocation, Time, Count, Interval, Width, Height, Format, Columns, Rows"),
    ])
    func snapshotErrors(_ parameters: String, _ expected: String) throws {
        #expect(try parameterMessage("Snapshot", parameters) == "activity 'work' (Snapshot): Parameters.\(expected)")
    }

    @Test("Snapshot sizes need not be even")
    func oddSnapshotSize() throws {
        #expect(try parameterMessage("Snapshot", "{\"Width\": 641, \"Height\": 361, \"Format\": \"webp\"}") == nil)
    }

    @Test("MediaInfo and End take no parameters")
    func parameterless() throws {
        #expect(try parameterMessage("MediaInfo", "{\"Deep\": true}") == "activity 'work' (MediaInfo): Parameters.Deep: this activity takes no parameters")
        var graph = topology(["Start": "Start", "End": "End"], ["Start": ["End"]])
        graph.activities["End"] = ActivityDefinition(type: "End", parameters: .object(["Notify": .bool(true)]))
        #expect(validationMessage(graph) == "activity 'End' (End): Parameters.Notify: this activity takes no parameters")
    }

    /// The message for a template whose Start has `parameters` (JSON text).
    func startMessage(_ parameters: String) throws -> String? {
        var graph = topology(["Start": "Start", "End": "End"], ["Start": ["End"]])
        graph.activities["Start"] = ActivityDefinition(type: "Start", parameters: try JSONValue(jsonText: parameters))
        return validationMessage(graph)
    }

    @Test("Start: TriggerMode defaults to Automatic with a location and Manual without")
    func triggerModeDefaults() throws {
        let bound = try JSONValue(jsonText: "{\"InputLocation\": \"oss://inbox/video/\"}").decode(StartParameters.self)
        #expect(bound.triggerMode == .automatic)
        #expect(bound.inputLocation == (try StorageLocation(bucket: "inbox", key: "video/")))
        let manual = try JSONValue(jsonText: "{\"InputLocation\": \"oss://inbox/video/\", \"TriggerMode\": \"Manual\"}").decode(StartParameters.self)
        #expect(manual.triggerMode == .manual)
        #expect(try JSONValue(jsonText: "{}").decode(StartParameters.self).triggerMode == .manual)
    }

    @Test("Start: Automatic without an InputLocation is refused")
    func automaticNeedsLocation() throws {
        #expect(try startMessage("{\"TriggerMode\": \"Automatic\"}") == "activity 'Start' (Start): Parameters.TriggerMode: Automatic needs an InputLocation")
        #expect(try startMessage("{\"TriggerMode\": \"Sometimes\"}") == "activity 'Start' (Start): Parameters.TriggerMode: 'Sometimes' is not one of Automatic, Manual")
    }

    @Test("Start: a bad InputLocation names the field")
    func badInputLocation() throws {
        let text = try startMessage("{\"InputLocation\": \"oss://inbox/../etc/\"}")
        #expect(text == "activity 'Start' (Start): Parameters.InputLocation: key '../etc/' has a '..' segment")
    }

    @Test("Start: an http OSS URL is normalised")
    func httpInputLocation() throws {
        let start = try JSONValue(jsonText: "{\"InputLocation\": \"https://inbox.oss-cn-hangzhou.aliyuncs.com/A/B/\"}").decode(StartParameters.self)
        #expect(start.inputLocation?.description == "oss://inbox/A/B/")
    }

    @Test("Start parameters survive encoding")
    func startRoundTrip() throws {
        for parameters in [StartParameters(), StartParameters(inputLocation: try StorageLocation(parsing: "oss://inbox/x/"), triggerMode: .automatic)] {
            #expect(try JSONValue(encoding: parameters).decode(StartParameters.self) == parameters)
        }
    }
}
