import FloeCore
import Testing

@Suite("Video.Hardware")
struct VideoHardwareParameterTests {
    func message(output: String) throws -> String? {
        try parameterMessage("Transcode", "{\"Outputs\": [\(output)]}")
    }

    func video(_ json: String) throws -> VideoSettings {
        try JSONValue(jsonText: "{\"Outputs\": [{\"Name\": \"a\", \"Container\": \"mkv\", \"Video\": \(json)}]}").decode(TranscodeParameters.self).outputs[0].video
    }

    @Test("each value decodes; off and absent are the same")
    func values() throws {
        #expect(try video("{\"Codec\": \"h264\"}").hardware == nil)
        #expect(try video("{\"Codec\": \"h264\", \"Hardware\": \"off\"}") == VideoSettings(codec: .h264))
        for value in VideoHardware.allCases where value != .off {
            #expect(try video("{\"Codec\": \"h265\", \"Hardware\": \"\(value.rawValue)\"}").hardware == value)
        }
        #expect(try video("{\"Codec\": \"vp9\", \"Hardware\": \"auto\"}").hardware == .auto, "auto may fall back to software")
    }

    @Test("an unknown value, a requirement no hardware meets, and Hardware with copy are refused")
    func refused() throws {
        #expect(try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Hardware\": \"cuda\"}}")
                == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Hardware: 'cuda' is not one of off, auto, required, nvenc, vaapi, qsv")
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"vp9\", \"Hardware\": \"nvenc\"}}")
                == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Hardware: no hardware encoder makes vp9; use off or auto")
        #expect(try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"copy\", \"Hardware\": \"auto\"}}")?
            .contains("Video.Hardware: cannot be set with Codec copy") == true)
    }

    @Test("it round-trips, and an output without it encodes as before")
    func roundTrip() throws {
        let settings = VideoSettings(codec: .av1, hardware: .qsv)
        let json = try JSONValue(encoding: settings)
        #expect(json.objectValue?["Hardware"] == .string("qsv"))
        #expect(try json.decode(VideoSettings.self) == settings)
        #expect(try JSONValue(encoding: VideoSettings(codec: .h264)).objectValue?["Hardware"] == nil)
        #expect(VideoSettings(codec: .h264, hardware: .off).hardware == nil)
    }
}
