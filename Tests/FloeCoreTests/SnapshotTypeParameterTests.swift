import FloeCore
import Testing

@Suite("Snapshot Type validation")
struct SnapshotTypeParameterTests {
    func decode(_ text: String) throws -> SnapshotParameters {
        try JSONValue(jsonText: text).decode(SnapshotParameters.self)
    }

    @Test("Normal is the default and keeps today's defaults")
    func normalDefault() throws {
        let parameters = try decode("{}")
        #expect(parameters.type == .normal)
        #expect(parameters.count == 1)
        #expect(!parameters.makesSeveralFiles)
    }

    @Test("Sprite defaults: 5x5 sheets, a tile every 10 s, at most 1000 tiles")
    func spriteDefaults() throws {
        let parameters = try decode("{\"Type\": \"Sprite\"}")
        #expect(parameters.columns == 5)
        #expect(parameters.rows == 5)
        #expect(parameters.interval == 10)
        #expect(parameters.count == 1000)
        #expect(parameters.makesSeveralFiles)
        let spread = try decode("{\"Type\": \"Sprite\", \"Count\": 50, \"Columns\": 10, \"Rows\": 5, \"Width\": 120}")
        #expect(spread.interval == nil)
        #expect(spread.count == 50)
        #expect(spread.columns == 10)
    }

    @Test("Keyframes take at most 100 by default, 1000 at most")
    func keyframes() throws {
        #expect(try decode("{\"Type\": \"Keyframes\"}").count == 100)
        #expect(try decode("{\"Type\": \"Keyframes\", \"Count\": 1000}").count == 1000)
        #expect(try parameterMessage("Snapshot", "{\"Type\": \"Keyframes\", \"Count\": 1001}") == "activity 'work' (Snapshot): Parameters.Count: 1001 is out of range 1...1000")
    }

    @Test("Cover remembers whether Time was given")
    func cover() throws {
        #expect(try decode("{\"Type\": \"Cover\"}").timeIsGiven == false)
        #expect(try decode("{\"Type\": \"Cover\", \"Time\": 0}").timeIsGiven == true)
        #expect(try decode("{\"Time\": 2}").timeIsGiven == false)
    }

    @Test("every type survives encoding")
    func roundTrip() throws {
        for parameters in [
            SnapshotParameters(type: .sprite, interval: 2, width: 96, columns: 4, rows: 3),
            SnapshotParameters(type: .sprite, count: 30),
            SnapshotParameters(type: .keyframes, time: 1, count: 5, format: .png),
            SnapshotParameters(type: .cover),
            SnapshotParameters(type: .cover, time: 1.5),
            SnapshotParameters(time: 1, count: 3, interval: 0.5),
        ] {
            #expect(try JSONValue(encoding: parameters).decode(SnapshotParameters.self) == parameters)
        }
    }

    @Test("errors name the field", arguments: [
        ("{\"Type\": \"Mosaic\"}", "Type: 'Mosaic' is not one of Normal, Sprite, Keyframes, Cover"),
        ("{\"Columns\": 4}", "Columns: is only for Type Sprite"),
        ("{\"Type\": \"Sprite\", \"Time\": 4}", "Time: cannot be set with Type Sprite; a sprite covers the whole input"),
        ("{\"Type\": \"Cover\", \"Rows\": 4}", "Rows: is only for Type Sprite"),
        ("{\"Type\": \"Sprite\", \"Columns\": 21}", "Columns: 21 is out of range 1...20"),
        ("{\"Type\": \"Sprite\", \"Rows\": 0}", "Rows: 0 is out of range 1...20"),
        ("{\"Type\": \"Keyframes\", \"Interval\": 2}", "Interval: cannot be set with Type Keyframes; every keyframe is taken"),
        ("{\"Type\": \"Cover\", \"Count\": 2}", "Count: cannot be set with Type Cover; a cover is one image"),
        ("{\"Type\": \"Sprite\", \"OutputLocation\": \"oss://out/{TaskId}.{Ext}\"}", "OutputLocation: with Type Sprite the location must use {OutputName} (sheets 00001… and sprite.vtt)"),
        ("{\"Type\": \"Keyframes\", \"OutputLocation\": \"oss://out/{TaskId}.{Ext}\"}", "OutputLocation: with Type Keyframes the location must use {OutputName}"),
    ])
    func errors(_ parameters: String, _ expected: String) throws {
        #expect(try parameterMessage("Snapshot", parameters) == "activity 'work' (Snapshot): Parameters.\(expected)")
    }

    @Test("a Cover may go to one fixed location")
    func coverFixedLocation() throws {
        #expect(try parameterMessage("Snapshot", "{\"Type\": \"Cover\", \"OutputLocation\": \"oss://out/{TaskId}.{Ext}\"}") == nil)
    }
}
