import FloeCore
import Testing

@Suite("Transcode parameter validation")
struct TranscodeParameterTests {
    /// The message for a Transcode whose only output is `output` (JSON object text).
    func message(output: String) throws -> String? {
        try parameterMessage("Transcode", "{\"Outputs\": [\(output)]}")
    }

    @Test("a minimal output takes the container's defaults")
    func defaults() throws {
        let parameters = try JSONValue(jsonText: "{\"Outputs\": [{\"Name\": \"a\"}]}").decode(TranscodeParameters.self)
        #expect(parameters.outputs == [TranscodeOutput(name: "a", container: .mp4, video: VideoSettings(codec: .h264), audio: AudioSettings(codec: .aac))])
        let webm = try JSONValue(jsonText: "{\"Outputs\": [{\"Name\": \"w\", \"Container\": \"webm\"}]}").decode(TranscodeParameters.self)
        #expect(webm.outputs[0].video.codec == .vp9)
        #expect(webm.outputs[0].audio.codec == .opus)
        let mp3 = try JSONValue(jsonText: "{\"Outputs\": [{\"Name\": \"m\", \"Container\": \"mp3\"}]}").decode(TranscodeParameters.self)
        #expect(mp3.outputs[0].video.codec == VideoSettings.Codec.none)
        #expect(mp3.outputs[0].audio.codec == .mp3)
    }

    @Test("a full output is valid")
    func full() throws {
        let output = """
            {"Name": "hd", "Container": "mkv",
             "Video": {"Codec": "h265", "Width": 1280, "Height": 720, "Crf": 28, "Fps": 29.97, "Preset": "slow", "Profile": "main10", "Gop": 60},
             "Audio": {"Codec": "opus", "Bitrate": 96, "SampleRate": 48000, "Channels": 2}}
            """
        #expect(try message(output: output) == nil)
    }

    @Test("an odd Height names the output and field")
    func oddHeight() throws {
        let text = try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Height\": 721}}")
        #expect(text == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Height: 721 must be even")
    }

    @Test("an odd Width in the second output names index 1")
    func oddWidthSecondOutput() throws {
        let text = try parameterMessage("Transcode", """
            {"Outputs": [{"Name": "a"}, {"Name": "b", "Video": {"Codec": "h264", "Width": 641}}], "OutputLocation": "oss://out/{OutputName}.{Ext}"}
            """)
        #expect(text == "activity 'work' (Transcode): Parameters.Outputs[1].Video.Width: 641 must be even")
    }

    @Test("Bitrate and Crf together are refused")
    func bitrateAndCrf() throws {
        let text = try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Bitrate\": 1000, \"Crf\": 23}}")
        #expect(text == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Crf: give Bitrate or Crf, not both")
    }

    @Test("a misspelt key is named, not ignored")
    func misspeltKey() throws {
        let text = try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Heigth\": 720}}")
        #expect(text?.hasPrefix("activity 'work' (Transcode): Parameters.Outputs[0].Video.Heigth: unknown parameter; expected one of Codec, Width, Height") == true)
    }

    @Test("a codec the container cannot hold is named")
    func codecNotInContainer() throws {
        let video = try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"h264\"}}")
        #expect(video == "activity 'work' (Transcode): Parameters.Outputs[0].Video: Codec h264 cannot go in webm; use one of av1, none, vp9")
        let audio = try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Audio\": {\"Codec\": \"aac\"}}")
        #expect(audio == "activity 'work' (Transcode): Parameters.Outputs[0].Audio: Codec aac cannot go in webm; use one of none, opus")
        let audioOnly = try message(output: "{\"Name\": \"a\", \"Container\": \"m4a\", \"Video\": {\"Codec\": \"h264\"}}")
        #expect(audioOnly?.hasPrefix("activity 'work' (Transcode): Parameters.Outputs[0].Video: Codec h264 cannot go in m4a") == true)
    }

    @Test("an unknown container or codec lists the choices")
    func unknownEnums() throws {
        let container = try message(output: "{\"Name\": \"a\", \"Container\": \"avi\"}")
        #expect(container == "activity 'work' (Transcode): Parameters.Outputs[0].Container: 'avi' is not one of mp4, webm, mkv, mov, ts, m4a, mp3")
        let codec = try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"x264\"}}")
        #expect(codec == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Codec: 'x264' is not one of h264, h265, vp9, av1, copy, none")
    }

    @Test("Codec is required in Video")
    func codecRequired() throws {
        #expect(try message(output: "{\"Name\": \"a\", \"Video\": {\"Height\": 720}}")
            == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Codec: is required")
    }

    @Test("an output with neither video nor audio is refused")
    func nothingToWrite() throws {
        let text = try message(output: "{\"Name\": \"a\", \"Container\": \"mkv\", \"Video\": {\"Codec\": \"none\"}, \"Audio\": {\"Codec\": \"none\"}}")
        #expect(text == "activity 'work' (Transcode): Parameters.Outputs[0].Video: an output needs video or audio; both codecs are none")
    }

    @Test("settings with copy or none are refused")
    func settingsWithCopy() throws {
        let video = try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"copy\", \"Height\": 720}}")
        #expect(video == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Height: cannot be set with Codec copy")
        let audio = try message(output: "{\"Name\": \"a\", \"Audio\": {\"Codec\": \"copy\", \"Bitrate\": 128}}")
        #expect(audio == "activity 'work' (Transcode): Parameters.Outputs[0].Audio.Bitrate: cannot be set with Codec copy")
    }

    @Test("out-of-range numbers are named with the range", arguments: [
        ("{\"Codec\": \"h264\", \"Height\": 8194}", "Video.Height: 8194 is out of range 2...8192"),
        ("{\"Codec\": \"h264\", \"Bitrate\": 15}", "Video.Bitrate: 15 is out of range 16...200000"),
        ("{\"Codec\": \"h264\", \"Crf\": 52}", "Video.Crf: 52 is out of range 0...51"),
        ("{\"Codec\": \"h264\", \"Fps\": 241}", "Video.Fps: 241.0 is out of range 1.0...240.0"),
        ("{\"Codec\": \"h264\", \"Gop\": 0}", "Video.Gop: 0 is out of range 1...1000"),
    ])
    func videoRanges(_ video: String, _ expected: String) throws {
        let text = try message(output: "{\"Name\": \"a\", \"Video\": \(video)}")
        #expect(text == "activity 'work' (Transcode): Parameters.Outputs[0].\(expected)")
    }

    @Test("Crf reaches 63 for vp9 and av1")
    func crfRangePerCodec() throws {
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"vp9\", \"Crf\": 63}}") == nil)
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"av1\", \"Crf\": 64}}")?.contains("Video.Crf: 64 is out of range 0...63") == true)
    }

    @Test("presets and profiles are checked per codec")
    func presetsAndProfiles() throws {
        #expect(try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Preset\": \"veryslow\", \"Profile\": \"baseline\"}}") == nil)
        #expect(try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Preset\": \"4\"}}")?.contains("Video.Preset: '4' is not one of ultrafast") == true)
        #expect(try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Profile\": \"main10\"}}")?.contains("Video.Profile: 'main10' is not one of baseline, main, high") == true)
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"vp9\", \"Preset\": \"8\"}}") == nil)
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"vp9\", \"Preset\": \"9\"}}")?.contains("Video.Preset: '9' is not one of 0, 1") == true)
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"av1\", \"Preset\": \"13\"}}") == nil)
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"vp9\", \"Profile\": \"main\"}}")
            == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Profile: Codec vp9 takes no Profile")
    }

    @Test("a numeric preset is accepted as a number too")
    func numericPreset() throws {
        let parameters = try JSONValue(jsonText: "{\"Outputs\": [{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"vp9\", \"Preset\": 4}}]}")
            .decode(TranscodeParameters.self)
        #expect(parameters.outputs[0].video.preset == "4")
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Video\": {\"Codec\": \"vp9\", \"Preset\": 9}}")?.contains("Video.Preset: '9' is not one of") == true)
    }

    @Test("audio sample rates and channels are checked per codec")
    func audioChecks() throws {
        #expect(try message(output: "{\"Name\": \"a\", \"Audio\": {\"Codec\": \"aac\", \"SampleRate\": 44100, \"Channels\": 6}}") == nil)
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"webm\", \"Audio\": {\"Codec\": \"opus\", \"SampleRate\": 44100}}")
            == "activity 'work' (Transcode): Parameters.Outputs[0].Audio.SampleRate: 44100 Hz is not supported by opus; use one of 8000, 12000, 16000, 24000, 48000")
        #expect(try message(output: "{\"Name\": \"a\", \"Container\": \"mp3\", \"Audio\": {\"Codec\": \"mp3\", \"Channels\": 6}}")
            == "activity 'work' (Transcode): Parameters.Outputs[0].Audio.Channels: 6 is out of range 1...2")
        #expect(try message(output: "{\"Name\": \"a\", \"Audio\": {\"Codec\": \"aac\", \"Bitrate\": 2000}}")?.contains("Audio.Bitrate: 2000 is out of range 8...1024") == true)
    }

    @Test("a number where a string belongs is named")
    func typeMismatch() throws {
        #expect(try message(output: "{\"Name\": \"a\", \"Video\": {\"Codec\": \"h264\", \"Height\": \"720\"}}")
            == "activity 'work' (Transcode): Parameters.Outputs[0].Video.Height: expected an integer")
    }

    @Test("Outputs must hold 1 to 16 uniquely, validly named outputs")
    func outputsList() throws {
        #expect(try parameterMessage("Transcode", "{}") == "activity 'work' (Transcode): Parameters.Outputs: is required")
        #expect(try parameterMessage("Transcode", "{\"Outputs\": []}") == "activity 'work' (Transcode): Parameters.Outputs: give 1 to 16 outputs")
        let seventeen = (0..<17).map { "{\"Name\": \"o\($0)\"}" }.joined(separator: ",")
        #expect(try parameterMessage("Transcode", "{\"Outputs\": [\(seventeen)]}") == "activity 'work' (Transcode): Parameters.Outputs: give 1 to 16 outputs")
        #expect(try parameterMessage("Transcode", "{\"Outputs\": [{\"Name\": \"a\"}, {\"Name\": \"a\"}]}")
            == "activity 'work' (Transcode): Parameters.Outputs: two outputs are named 'a'")
        #expect(try message(output: "{\"Name\": \"a b\"}")?.hasPrefix("activity 'work' (Transcode): Parameters.Outputs[0].Name: 'a b' is not a valid name") == true)
        #expect(try message(output: "{\"Container\": \"mp4\"}") == "activity 'work' (Transcode): Parameters.Outputs[0].Name: is required")
    }

    @Test("several outputs need {OutputName} in OutputLocation")
    func severalOutputsNeedOutputName() throws {
        let text = try parameterMessage("Transcode", "{\"Outputs\": [{\"Name\": \"a\"}, {\"Name\": \"b\"}], \"OutputLocation\": \"oss://out/{TaskId}.{Ext}\"}")
        #expect(text == "activity 'work' (Transcode): Parameters.OutputLocation: with several outputs the location must use {OutputName}")
        #expect(try parameterMessage("Transcode", "{\"Outputs\": [{\"Name\": \"a\"}], \"OutputLocation\": \"oss://out/{TaskId}.{Ext}\"}") == nil)
    }

    @Test("an unknown placeholder in OutputLocation names the field")
    func unknownPlaceholder() throws {
        let text = try parameterMessage("Transcode", "{\"Outputs\": [{\"Name\": \"a\"}], \"OutputLocation\": \"oss://out/{Taskid}/{OutputName}.{Ext}\"}")
        #expect(text?.hasPrefix("activity 'work' (Transcode): Parameters.OutputLocation: output location 'oss://out/{Taskid}/{OutputName}.{Ext}' uses unknown placeholder {Taskid}") == true)
    }

    @Test("typed parameters survive encoding")
    func roundTrip() throws {
        let parameters = TranscodeParameters(
            outputLocation: try OutputLocationTemplate("oss://out/{MediaId}/{OutputName}.{Ext}"),
            outputs: [
                TranscodeOutput(name: "a", container: .webm, video: VideoSettings(codec: .vp9, height: 480, crf: 33, preset: "5"), audio: AudioSettings(codec: .opus, bitrate: 64)),
                TranscodeOutput(name: "b", container: .mp3),
            ]
        )
        #expect(try JSONValue(encoding: parameters).decode(TranscodeParameters.self) == parameters)
    }
}
