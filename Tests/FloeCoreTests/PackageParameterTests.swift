import FloeCore
import Testing

@Suite("Presets and Package parameters")
struct PackageParameterTests {
    func message(_ parameters: String) throws -> String? {
        try parameterMessage("Package", parameters)
    }

    @Test("a preset fills an output, and what the output gives replaces the preset's section")
    func presetFillsAnOutput() throws {
        let parameters = try JSONValue(jsonText: """
            {"Outputs": [{"TemplateId": "h264-720p"}, {"Name": "small", "TemplateId": "h265-360p", "Audio": {"Codec": "none"}}]}
            """).decode(TranscodeParameters.self)
        let first = parameters.outputs[0]
        #expect(first.name == "h264-720p")
        #expect(first.templateID == "h264-720p")
        #expect(first.container == .mp4)
        #expect(first.video == VideoSettings(codec: .h264, height: 720, bitrate: 2800, preset: "veryfast"))
        #expect(first.audio == AudioSettings(codec: .aac, bitrate: 128, sampleRate: 48000, channels: 2))
        let second = parameters.outputs[1]
        #expect(second.name == "small")
        #expect(second.video.codec == .h265)
        #expect(second.audio.codec == .none)
        // An output written back names its preset and decodes to the same output.
        #expect(try JSONValue(encoding: parameters).decode(TranscodeParameters.self) == parameters)
    }

    @Test("every preset is a valid output with a stable id")
    func everyPresetIsValid() throws {
        let ids = TranscodePreset.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for height in [360, 480, 720, 1080, 1440, 2160] {
            for codec in ["h264", "h265", "av1"] { #expect(ids.contains("\(codec)-\(height)p")) }
        }
        #expect(ids.contains("aac-128") && ids.contains("mp3-192") && ids.contains("opus-96"))
        for preset in TranscodePreset.all {
            let text = "{\"Outputs\": [{\"TemplateId\": \"\(preset.id)\"}]}"
            #expect(try parameterMessage("Transcode", text) == nil, "\(preset.id)")
            let decoded = try JSONValue(jsonText: text).decode(TranscodeParameters.self).outputs[0]
            #expect(decoded == TranscodeOutput(preset: preset))
        }
    }

    @Test("an unknown preset, or a container that cannot hold the preset's codecs, is an error")
    func badPresets() throws {
        let unknown = try parameterMessage("Transcode", "{\"Outputs\": [{\"TemplateId\": \"h264-9000p\"}]}")
        #expect(unknown?.contains("Outputs[0].TemplateId: 'h264-9000p' is not a preset; the presets are h264-360p") == true, "\(unknown ?? "")")
        let webm = try parameterMessage("Transcode", "{\"Outputs\": [{\"TemplateId\": \"h264-720p\", \"Container\": \"webm\"}]}")
        #expect(webm?.contains("Codec h264 cannot go in webm") == true, "\(webm ?? "")")
    }

    @Test("Package defaults: HLS, fmp4, 6 s segments, no upscaling")
    func packageDefaults() throws {
        let parameters = try JSONValue(jsonText: "{\"Renditions\": [{\"TemplateId\": \"h264-360p\"}]}").decode(PackageParameters.self)
        #expect(parameters.format == .hls)
        #expect(parameters.segmentFormat == .fmp4)
        #expect(parameters.segmentDuration == 6)
        #expect(parameters.upscale == false)
        #expect(parameters.renditions == [TranscodeOutput(preset: TranscodePreset.named("h264-360p")!)])
        #expect(try JSONValue(encoding: parameters).decode(PackageParameters.self) == parameters)
    }

    @Test("bad Package parameters name the field at fault", arguments: [
        ("{\"Renditions\": []}", "Renditions: give 1 to 8 renditions"),
        ("{\"Format\": \"smooth\", \"Renditions\": [{\"Name\": \"a\"}]}", "Format: 'smooth' is not one of hls, dash"),
        ("{\"Format\": \"dash\", \"SegmentFormat\": \"ts\", \"Renditions\": [{\"Name\": \"a\"}]}", "SegmentFormat: DASH segments are fmp4"),
        ("{\"SegmentDuration\": 0.5, \"Renditions\": [{\"Name\": \"a\"}]}", "SegmentDuration: 0.5 is out of range"),
        ("{\"Renditions\": [{\"Name\": \"a\", \"Container\": \"mp4\"}]}", "a rendition takes no Container"),
        ("{\"Renditions\": [{\"Name\": \"a\"}, {\"Name\": \"a\"}]}", "two renditions are named 'a'"),
        ("{\"SegmentFormat\": \"ts\", \"Renditions\": [{\"TemplateId\": \"av1-720p\"}]}", "video Codec av1 cannot go in ts segments"),
        ("{\"Renditions\": [{\"Name\": \"a\", \"Video\": {\"Codec\": \"none\"}}]}", "video Codec none cannot go in fmp4 segments"),
        ("{\"Renditions\": [{\"Name\": \"a\", \"Audio\": {\"Codec\": \"mp3\"}}]}", "audio Codec mp3 cannot go in fmp4 segments"),
        ("{\"Renditions\": [{\"Name\": \"a\"}], \"Segments\": 3}", "Segments: unknown parameter"),
    ])
    func badPackages(parameters: String, expected: String) throws {
        let message = try message(parameters)
        #expect(message?.contains(expected) == true, "\(message ?? "valid")")
    }

    @Test("a storage location's sibling is in its folder")
    func sibling() throws {
        let master = try StorageLocation(parsing: "oss://out/a/b/master.m3u8")
        #expect(try master.sibling("master_720p.m3u8").description == "oss://out/a/b/master_720p.m3u8")
        #expect(try StorageLocation(parsing: "oss://out/top.mpd").sibling("x.m4s").description == "oss://out/x.m4s")
        #expect(throws: FloeError.self) { try master.sibling("") }
    }
}
