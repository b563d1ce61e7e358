import FloeCore
import Testing

@Suite("InputLocationRule: the seed's workflow trigger matching rules")
struct InputLocationRuleTests {
    static let file = "http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/C/test1.flv"

    static func rule(_ text: String) throws -> InputLocationRule {
        InputLocationRule(try StorageLocation(parsing: text))
    }

    @Test("the eight examples of the IMS StartWorkflow page, for the file …/A/B/C/test1.flv", arguments: [
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/C/", true),
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/", true),
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A/", true),
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/", true),
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/C/test.flv", true),
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/CC/", false),
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B2/", false),
        ("http://bucket.oss-cn-hangzhou.aliyuncs.com/A2/B/C/", false),
    ])
    func seedExamples(rule: String, matches: Bool) throws {
        let file = try StorageLocation(parsing: Self.file)
        #expect(try Self.rule(rule).matches(file) == matches)
        // The same rule written as oss:// answers the same.
        let oss = try StorageLocation(parsing: rule)
        #expect(try Self.rule(oss.description).matches(file) == matches)
    }

    @Test("the page's note: rules …/test and …/test1 both match a file in test1/")
    func prefixOfAnotherRule() throws {
        let file = try StorageLocation(parsing: "oss://bucket/test1/clip.mp4")
        #expect(try Self.rule("oss://bucket/test").matches(file))
        #expect(try Self.rule("oss://bucket/test1").matches(file))
        #expect(try Self.rule("oss://bucket/test1/").matches(file))
        #expect(try !Self.rule("oss://bucket/test/").matches(file))
    }

    @Test("the bucket must be the same")
    func bucketMustMatch() throws {
        let rule = try Self.rule("oss://uploads/video/")
        #expect(rule.matches(try StorageLocation(parsing: "oss://uploads/video/a.mp4")))
        #expect(!rule.matches(try StorageLocation(parsing: "oss://uploads2/video/a.mp4")))
        #expect(!rule.matches(try StorageLocation(parsing: "oss://upload/video/a.mp4")))
        let wholeBucket = try Self.rule("oss://uploads/")
        #expect(!wholeBucket.matches(try StorageLocation(parsing: "oss://other/uploads/a.mp4")))
    }

    @Test("only a media file name loses its extension; the extension is known in any case")
    func extensionsStripped() throws {
        let media = try Self.rule("oss://b0x/A/test.FLV")
        #expect(media.keyPrefix == "A/test")
        #expect(media.matches(try StorageLocation(parsing: "oss://b0x/A/test1.mp4")))
        let audio = try Self.rule("oss://b0x/A/song.mp3")
        #expect(audio.matches(try StorageLocation(parsing: "oss://b0x/A/song-remix.wav")))
        let notMedia = try Self.rule("oss://b0x/A/cover.jpg")
        #expect(notMedia.keyPrefix == "A/cover.jpg")
        #expect(!notMedia.matches(try StorageLocation(parsing: "oss://b0x/A/cover1.jpg")))
        #expect(notMedia.matches(try StorageLocation(parsing: "oss://b0x/A/cover.jpg")))
        let noExtension = try Self.rule("oss://b0x/A/take")
        #expect(noExtension.keyPrefix == "A/take")
        let hidden = try Self.rule("oss://b0x/A/.mp4")
        #expect(hidden.keyPrefix == "A/.mp4", "a name that starts with its only dot has no extension")
        let folderLike = try Self.rule("oss://b0x/A/v.mp4/")
        #expect(folderLike.keyPrefix == "A/v.mp4/", "a folder keeps its name")
        let file = try StorageLocation(parsing: "oss://b0x/A/x.mp4")
        #expect(InputLocationRule(file).matches(file), "a file lies in a rule that names it")
    }

    @Test("keys are compared byte for byte: no case folding, no Unicode normalisation")
    func exactBytes() throws {
        #expect(try !Self.rule("oss://b0x/a/").matches(StorageLocation(parsing: "oss://b0x/A/x.mp4")))
        let decomposed = try StorageLocation(parsing: "oss://b0x/cafe\u{301}/x.mp4")
        let precomposed = try StorageLocation(parsing: "oss://b0x/caf\u{E9}/x.mp4")
        #expect(try Self.rule("oss://b0x/cafe").matches(decomposed), "a prefix of the bytes, though not of the characters")
        #expect(try !Self.rule("oss://b0x/cafe").matches(precomposed))
        #expect(try !Self.rule("oss://b0x/caf\u{E9}/").matches(decomposed), "canonically equal, but other bytes")
        #expect(try Self.rule("oss://b0x/caf\u{E9}/").matches(precomposed))
    }
}
