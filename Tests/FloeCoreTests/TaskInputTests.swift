import FloeCore
import Testing

@Suite("TaskInput")
struct TaskInputTests {
    func message(_ json: String) -> String? {
        do {
            _ = try TaskInput(jsonText: json)
            return nil
        } catch {
            #expect(error.code == .invalidParameter || error.code == .invalidLocation)
            return error.message
        }
    }

    @Test("a media input")
    func media() throws {
        let input = try TaskInput(jsonText: "{\"Type\": \"Media\", \"Media\": \"30706071edbfe290b48830706071edbf\"}")
        #expect(input == .media(try MediaID("30706071edbfe290b48830706071edbf")))
    }

    @Test("an OSS input, as oss:// or an OSS URL")
    func oss() throws {
        let expected = TaskInput.oss(try StorageLocation(bucket: "bucket", key: "path/to/video.mp4"))
        #expect(try TaskInput(jsonText: "{\"Type\": \"OSS\", \"Media\": \"oss://bucket/path/to/video.mp4\"}") == expected)
        #expect(try TaskInput(jsonText: "{\"Type\": \"OSS\", \"Media\": \"https://bucket.oss-cn-hangzhou.aliyuncs.com/path/to/video.mp4\"}") == expected)
    }

    @Test("jsonText reads back as the same input")
    func roundTrip() throws {
        for input in [TaskInput.media(.generate()), .oss(try StorageLocation(parsing: "oss://bucket/a b/é.mp4"))] {
            #expect(try TaskInput(jsonText: input.jsonText) == input)
        }
        #expect(TaskInput.oss(try StorageLocation(parsing: "oss://bucket/v.mp4")).jsonText == "{\"Media\":\"oss://bucket/v.mp4\",\"Type\":\"OSS\"}")
    }

    @Test("malformed inputs are refused with the reason", arguments: [
        ("not json", "TaskInput is not a JSON object"),
        ("[1]", "TaskInput is not a JSON object"),
        ("{\"Media\": \"oss://bucket/a.mp4\"}", "TaskInput.Type is required: Media or OSS"),
        ("{\"Type\": 1, \"Media\": \"oss://bucket/a.mp4\"}", "TaskInput.Type is required: Media or OSS"),
        ("{\"Type\": \"OSS\"}", "TaskInput.Media is required"),
        ("{\"Type\": \"OSS\", \"Media\": \"\"}", "TaskInput.Media is required"),
        ("{\"Type\": \"VOD\", \"Media\": \"oss://bucket/a.mp4\"}", "TaskInput.Type 'VOD' is not Media or OSS"),
    ])
    func malformed(_ json: String, _ expected: String) {
        #expect(message(json) == expected)
    }

    @Test("a bad media id or location is refused")
    func badValues() {
        #expect(message("{\"Type\": \"Media\", \"Media\": \"oss://bucket/a.mp4\"}")?.contains("is not a valid media id") == true)
        #expect(message("{\"Type\": \"OSS\", \"Media\": \"oss://bucket/folder/\"}") == "'oss://bucket/folder/' names a folder, not a file")
        #expect(message("{\"Type\": \"OSS\", \"Media\": \"oss://bucket/../a.mp4\"}")?.contains("'..' segment") == true)
    }
}
