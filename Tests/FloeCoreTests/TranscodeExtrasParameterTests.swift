import FloeCore
import Testing

@Suite("Transcode extras validation (Clip, Watermark, Deinterlace, HDR, Loudnorm)")
struct TranscodeExtrasParameterTests {
    func message(output: String) throws -> String? {
        try parameterMessage("Transcode", "{\"Outputs\": [\(output)]}")
    }

    func output(_ text: String) throws -> TranscodeOutput {
        try JSONValue(jsonText: "{\"Outputs\": [\(text)]}").decode(TranscodeParameters.self).outputs[0]
    }

    @Test("every extra decodes, with its defaults")
    func decodes() throws {
        let output = try output("""
            {"Name": "a", "Clip": {"Start": 1.5, "Duration": 2},
             "Video": {"Codec": "h264", "Deinterlace": true, "HDR": "Fail",
                       "Watermark": {"Location": "oss://brand/logo.png", "Position": "BottomLeft", "Scale": 0.1}},
             "Audio": {"Codec": "aac", "Loudnorm": {"I": -16}}}
            """)
        #expect(output.clip == TranscodeClip(start: 1.5, duration: 2))
        #expect(output.video.deinterlace == true)
        #expect(output.video.hdrMode == .fail)
        #expect(output.video.watermark == Watermark(location: try StorageLocation(parsing: "oss://brand/logo.png"), position: .bottomLeft, margin: 10, scale: 0.1))
        #expect(output.audio.loudnorm == Loudnorm(integrated: -16, truePeak: -1, range: 7))
        #expect(try self.output("{\"Name\": \"b\"}").video.hdrMode == .tonemap)
        #expect(try self.output("{\"Name\": \"c\", \"Clip\": {\"Duration\": 1}}").clip == TranscodeClip(start: 0, duration: 1))
        #expect(try self.output("{\"Name\": \"d\", \"Audio\": {\"Codec\": \"aac\", \"Loudnorm\": {}}}").audio.loudnorm == Loudnorm())
    }

    @Test("extras survive encoding")
    func roundTrip() throws {
        let parameters = TranscodeParameters(outputs: [TranscodeOutput(
            name: "a", container: .mp4,
            video: VideoSettings(codec: .h264, watermark: Watermark(location: try StorageLocation(parsing: "oss://brand/w.png"), position: .center, margin: 0, scale: 0.2),
                                 deinterlace: true, hdr: .tonemap),
            audio: AudioSettings(codec: .aac, loudnorm: Loudnorm(integrated: -20, truePeak: -2, range: 10)),
            clip: TranscodeClip(start: 1, duration: 3)
        )])
        #expect(try JSONValue(encoding: parameters).decode(TranscodeParameters.self) == parameters)
        let copy = TranscodeParameters(outputs: [TranscodeOutput(name: "c", container: .mkv, video: VideoSettings(codec: .copy), audio: AudioSettings(codec: .copy))])
        #expect(try JSONValue(encoding: copy).decode(TranscodeParameters.self) == copy)
    }

    @Test("watermark buckets are among the template's buckets")
    func watermarkBucket() throws {
        var graph = WorkflowTopology(
            activities: ["Start": ActivityDefinition(type: "Start"), "End": ActivityDefinition(type: "End")],
            dependencies: ["Start": ["work"], "work": ["End"]]
        )
        graph.activities["work"] = ActivityDefinition(type: "Transcode", parameters: try JSONValue(jsonText: """
            {"Outputs": [{"Name": "a", "Video": {"Codec": "h264", "Watermark": {"Location": "oss://brand/logo.png"}}}]}
            """))
        #expect(graph.buckets.contains("brand"))
    }

    @Test("errors name the field", arguments: [
        ("{\"Name\": \"a\", \"Clip\": {}}", "Outputs[0].Clip.Start: give Start, Duration or both"),
        ("{\"Name\": \"a\", \"Clip\": {\"Start\": -1}}", "Outputs[0].Clip.Start: -1.0 is out of range 0.0...86400.0"),
        ("{\"Name\": \"a\", \"Clip\": {\"Duration\": 0}}", "Outputs[0].Clip.Duration: 0.0 is out of range 0.04...86400.0"),
        ("{\"Name\": \"a\", \"Clip\": {\"End\": 3}}", "Outputs[0].Clip.End: unknown parameter; expected one of Start, Duration"),
        ("{\"Name\": \"a\", \"Clip\": {\"Start\": 1}, \"Video\": {\"Codec\": \"copy\"}}", "Outputs[0].Clip: cannot be used with Codec copy; a clip is re-encoded"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Watermark\": {}}}", "Outputs[0].Video.Watermark.Location: is required"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Watermark\": {\"Location\": \"logo.png\"}}}", "Outputs[0].Video.Watermark.Location:"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Watermark\": {\"Location\": \"oss://brand/w.png\", \"Position\": \"Top\"}}}", "Outputs[0].Video.Watermark.Position: 'Top' is not one of TopLeft, TopRight, BottomLeft, BottomRight, Center"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Watermark\": {\"Location\": \"oss://brand/w.png\", \"Scale\": 2}}}", "Outputs[0].Video.Watermark.Scale: 2.0 is out of range 0.01...1.0"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Watermark\": {\"Location\": \"oss://brand/w.png\", \"Margin\": -1}}}", "Outputs[0].Video.Watermark.Margin: -1 is out of range 0...4096"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"HDR\": \"Keep\"}}", "Outputs[0].Video.HDR: 'Keep' is not one of Tonemap, Fail"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Deinterlace\": \"yes\"}}", "Outputs[0].Video.Deinterlace: expected true or false"),
        ("{\"Name\": \"a\", \"Video\": {\"Codec\": \"copy\", \"Deinterlace\": true}}", "Outputs[0].Video.Deinterlace: cannot be set with Codec copy"),
        ("{\"Name\": \"a\", \"Audio\": {\"Codec\": \"aac\", \"Loudnorm\": {\"I\": -80}}}", "Outputs[0].Audio.Loudnorm.I: -80.0 is out of range -70.0...-5.0"),
        ("{\"Name\": \"a\", \"Audio\": {\"Codec\": \"aac\", \"Loudnorm\": {\"TP\": 1}}}", "Outputs[0].Audio.Loudnorm.TP: 1.0 is out of range -9.0...0.0"),
        ("{\"Name\": \"a\", \"Audio\": {\"Codec\": \"aac\", \"Loudnorm\": {\"LRA\": 60}}}", "Outputs[0].Audio.Loudnorm.LRA: 60.0 is out of range 1.0...50.0"),
        ("{\"Name\": \"a\", \"Audio\": {\"Codec\": \"copy\", \"Loudnorm\": {}}}", "Outputs[0].Audio.Loudnorm: cannot be set with Codec copy"),
    ])
    func errors(_ output: String, _ expected: String) throws {
        let text = try message(output: output)
        #expect(text?.hasPrefix("activity 'work' (Transcode): Parameters.\(expected)") == true, "\(text ?? "nil")")
    }

    @Test("a package rendition takes no Clip or Watermark")
    func packageRefusesClipAndWatermark() throws {
        let clip = try parameterMessage("Package", "{\"Renditions\": [{\"Name\": \"a\", \"Clip\": {\"Start\": 1}}]}")
        #expect(clip?.contains("a rendition takes no Clip") == true, "\(clip ?? "nil")")
        let mark = try parameterMessage("Package", "{\"Renditions\": [{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Watermark\": {\"Location\": \"oss://brand/w.png\"}}}]}")
        #expect(mark?.contains("a rendition takes no Video.Watermark") == true, "\(mark ?? "nil")")
    }
}
