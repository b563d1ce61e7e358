import FloeCore
import Foundation
import Testing

@Suite("OutputLocationTemplate")
struct OutputLocationTemplateTests {
    let taskID = try! TaskID("0123456789abcdef0123456789abcdef")
    let mediaID = try! MediaID("fedcba9876543210fedcba9876543210")

    func values(activity: String = "mp4", output: String = "720p", fileName: String = "my clip", ext: String = "mp4") -> OutputLocationTemplate.Values {
        .init(mediaID: mediaID, taskID: taskID, activityName: activity, outputName: output, fileName: fileName, ext: ext)
    }

    @Test("the default pattern puts outputs under the task and activity")
    func defaultPattern() throws {
        let template = OutputLocationTemplate.default(bucket: "floe-output")
        #expect(template.pattern == "oss://floe-output/{TaskId}/{ActivityName}/{OutputName}.{Ext}")
        #expect(try template.resolve(values()).description == "oss://floe-output/0123456789abcdef0123456789abcdef/mp4/720p.mp4")
        #expect(template.uses(.outputName))
        #expect(!template.uses(.mediaID))
    }

    @Test("every placeholder resolves")
    func everyPlaceholder() throws {
        let template = try OutputLocationTemplate("oss://out/{MediaId}/{TaskId}/{ActivityName}-{OutputName}/{FileName}.{Ext}")
        let location = try template.resolve(values(ext: "webm"))
        #expect(location.bucket == "out")
        #expect(location.key == "fedcba9876543210fedcba9876543210/0123456789abcdef0123456789abcdef/mp4-720p/my clip.webm")
        for placeholder in OutputLocationTemplate.Placeholder.allCases {
            #expect(template.uses(placeholder))
        }
    }

    @Test("a pattern without placeholders resolves to itself")
    func fixedPattern() throws {
        #expect(try OutputLocationTemplate("oss://out/fixed/cover.jpg").resolve(values()).description == "oss://out/fixed/cover.jpg")
    }

    @Test("the bucket is the pattern's fixed bucket")
    func bucket() throws {
        #expect(try OutputLocationTemplate("oss://out-2/{TaskId}/{OutputName}.{Ext}").bucket == "out-2")
    }

    @Test("bad patterns are refused with the reason", arguments: [
        ("oss://out/{Taskid}/{OutputName}.{Ext}", "uses unknown placeholder {Taskid}"),
        ("oss://out/{TaskId/{OutputName}.{Ext}", "uses unknown placeholder {TaskId/{OutputName}"),
        ("oss://out/{OutputName}.{Ext", "has an unclosed '{'"),
        ("oss://out/{TaskId}/", "names a folder; end it with a file name such as {OutputName}.{Ext}"),
        ("oss://out", "names a folder; end it with a file name such as {OutputName}.{Ext}"),
        ("oss://out/../{OutputName}.{Ext}", "has a '..' segment"),
        ("oss://out/a//{OutputName}.{Ext}", "has an empty segment ('//')"),
        ("oss://Out/{OutputName}.{Ext}", "is not a valid bucket name: 3-63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit"),
        ("s3://out/{OutputName}.{Ext}", "is not a storage location: expected oss://bucket/key"),
        ("oss://out-{TaskId}/{OutputName}.{Ext}", "has a placeholder in its bucket; the bucket must be fixed"),
    ])
    func badPatterns(_ pattern: String, _ reason: String) {
        do {
            _ = try OutputLocationTemplate(pattern)
            Issue.record("pattern \(pattern) was accepted")
        } catch {
            #expect(error.code == .invalidLocation)
            #expect(error.message.contains(reason), "\(error.message)")
        }
    }

    @Test("values that would make an unsafe key are refused when resolving", arguments: ["..", ".", "a\u{0}b", ""])
    func unsafeValues(_ value: String) throws {
        let template = try OutputLocationTemplate("oss://out/{FileName}/{OutputName}.{Ext}")
        #expect(throws: FloeError.self) { try template.resolve(values(fileName: value)) }
    }

    @Test("Codable: a template is its pattern, and a bad pattern does not decode")
    func codable() throws {
        let template = try OutputLocationTemplate("oss://out/{TaskId}/{OutputName}.{Ext}")
        let data = try JSONCoding.encoder.encode(template)
        #expect(String(decoding: data, as: UTF8.self) == "\"oss://out/{TaskId}/{OutputName}.{Ext}\"")
        #expect(try JSONCoding.decoder.decode(OutputLocationTemplate.self, from: data) == template)
        #expect(throws: (any Error).self) { try JSONCoding.decoder.decode(OutputLocationTemplate.self, from: Data("\"oss://out/{Nope}.{Ext}\"".utf8)) }
    }
}
