import FloeCore
import Testing

/// Builds a topology from activity types and dependencies, with no parameters.
func topology(_ types: [String: String], _ dependencies: [String: [String]]) -> WorkflowTopology {
    WorkflowTopology(
        activities: types.mapValues { ActivityDefinition(type: $0) },
        dependencies: dependencies
    )
}

/// The message of the error `validate()` throws, or `nil` when the topology is valid.
func validationMessage(_ topology: WorkflowTopology) -> String? {
    do {
        try topology.validate()
        return nil
    } catch {
        #expect(error.code == .invalidTemplate)
        return error.message
    }
}

/// The message of validating `Start -> work -> End`, where `work` has `type` and `parameters` (JSON text).
func parameterMessage(_ type: String, _ parameters: String) throws -> String? {
    var graph = topology(["Start": "Start", "work": type, "End": "End"], ["Start": ["work"], "work": ["End"]])
    graph.activities["work"] = ActivityDefinition(type: type, parameters: try JSONValue(jsonText: parameters))
    return validationMessage(graph)
}

/// The message of `TemplateDocument.parse(text)`, or `nil` when it parses.
func parseMessage(_ text: String) -> String? {
    do {
        _ = try TemplateDocument.parse(text)
        return nil
    } catch {
        #expect(error.code == .invalidTemplate)
        return error.message
    }
}

/// The template of DESIGN.md, in YAML.
let designExampleYAML = """
    Name: web-renditions
    Activities:
      Start:   {Type: Start, Parameters: {InputLocation: "oss://uploads/video/", TriggerMode: Automatic}}
      probe:   {Type: MediaInfo}
      mp4:     {Type: Transcode, Parameters: {Outputs: [
                  {Name: 720p, Container: mp4, Video: {Codec: h264, Height: 720, Bitrate: 2500}, Audio: {Codec: aac, Bitrate: 128}},
                  {Name: 360p, Container: mp4, Video: {Codec: h264, Height: 360, Bitrate: 700},  Audio: {Codec: aac, Bitrate: 96}}]}}
      cover:   {Type: Snapshot, Parameters: {Time: 1.0, Width: 640, Format: jpg}}
      End:     {Type: End}
    Dependencies: {Start: [probe], probe: [mp4, cover], mp4: [End], cover: [End]}
    """

/// The same template in JSON.
let designExampleJSON = """
    {
      "Name": "web-renditions",
      "Activities": {
        "Start": {"Type": "Start", "Parameters": {"InputLocation": "oss://uploads/video/", "TriggerMode": "Automatic"}},
        "probe": {"Type": "MediaInfo"},
        "mp4": {"Type": "Transcode", "Parameters": {"Outputs": [
          {"Name": "720p", "Container": "mp4", "Video": {"Codec": "h264", "Height": 720, "Bitrate": 2500}, "Audio": {"Codec": "aac", "Bitrate": 128}},
          {"Name": "360p", "Container": "mp4", "Video": {"Codec": "h264", "Height": 360, "Bitrate": 700}, "Audio": {"Codec": "aac", "Bitrate": 96}}
        ]}},
        "cover": {"Type": "Snapshot", "Parameters": {"Time": 1.0, "Width": 640, "Format": "jpg"}},
        "End": {"Type": "End"}
      },
      "Dependencies": {"Start": ["probe"], "probe": ["mp4", "cover"], "mp4": ["End"], "cover": ["End"]}
    }
    """
