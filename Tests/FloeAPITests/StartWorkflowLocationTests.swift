import FloeAPI
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// StartWorkflow's check that an OSS input lies in the template's bound location.
@Suite struct StartWorkflowLocationTests {
    let h: APIHarness

    init() async throws {
        h = try await APIHarness()
    }

    /// A Common template bound to `location`, saved.
    func template(boundTo location: String) async throws -> WorkflowID {
        let document = try TemplateDocument.parse(TemplateTexts.simple("bound-\(UUID().uuidString)", location: location))
        let template = WorkflowTemplate(document: document, accountID: h.account, now: Date())
        try await h.store.saveTemplate(template)
        return template.id
    }

    func start(_ id: WorkflowID, _ input: String, skip: Bool? = nil) async throws -> APIHarness.Answer {
        var parameters = [("WorkflowId", id.rawValue), ("TaskInput", input)]
        if let skip { parameters.append(("SkipInputVerification", skip ? "true" : "false")) }
        return try await h.call("StartWorkflow", parameters)
    }

    func oss(_ location: StorageLocation) -> String { #"{"Type":"OSS","Media":"\#(location)"}"# }

    @Test func anOSSInputMustLieInTheBoundLocation() async throws {
        let id = try await template(boundTo: "oss://uploads/video/")
        let inside = try await h.object("video/in.mp4")
        let deeper = try await h.object("video/2026/11/in.mp4")
        let outside = try await h.object("other/in.mp4")
        let sibling = try await h.object("video2/in.mp4")
        let otherBucket = try StorageLocation(bucket: "media", key: "video/in.mp4")
        try await h.objects.put(otherBucket, data: Data("not really a video".utf8))

        for location in [inside, deeper] {
            let answer = try await start(id, oss(location))
            #expect(answer.status == 200, "\(location): \(answer.text)")
        }
        let asURL = try await start(id, #"{"Type":"OSS","Media":"https://uploads.oss-cn-hangzhou.aliyuncs.com/video/in.mp4"}"#)
        #expect(asURL.status == 200, "an OSS URL is the same location: \(asURL.text)")
        for location in [outside, sibling, otherBucket] {
            let answer = try await start(id, oss(location), skip: false)
            #expect(answer.status == 400 && answer.code == "InvalidParameter", "\(location): \(answer.text)")
            let message = answer["Message"] as? String ?? ""
            #expect(message.contains("\"TaskInput\"") && message.contains("oss://uploads/video/"), "\(message)")
        }
        let skipped = try await start(id, oss(outside), skip: true)
        #expect(skipped.status == 200, "SkipInputVerification=true skips the location check: \(skipped.text)")

        let missing = try await start(id, #"{"Type":"OSS","Media":"oss://uploads/video/none.mp4"}"#)
        #expect(missing.status == 400 && (missing["Message"] as? String)?.contains("does not exist") == true,
                "a file in the location must still exist: \(missing.text)")
    }

    @Test func aMediaInputSkipsTheLocationCheck() async throws {
        let id = try await template(boundTo: "oss://uploads/video/")
        let media = Samples.media(accountID: h.account, input: Samples.location("elsewhere/clip.mp4"))
        try await h.store.createMedia(media)
        let answer = try await start(id, mediaInput(media.id))
        #expect(answer.status == 200, "\(answer.text)")
    }

    @Test func aRuleThatNamesAMediaFileIsComparedWithoutItsExtension() async throws {
        let id = try await template(boundTo: "oss://uploads/video/test.flv")
        let match = try await h.object("video/test1.mp4")
        let noMatch = try await h.object("video/tes.mp4")
        let matched = try await start(id, oss(match))
        #expect(matched.status == 200, "\(matched.text)")
        let refused = try await start(id, oss(noMatch))
        #expect(refused.status == 400 && refused.code == "InvalidParameter", "\(refused.text)")
    }

    @Test func aTemplateBoundToNothingAcceptsAnyInput() async throws {
        let template = try await h.template()
        for key in ["video/a.mp4", "anything/else.mov"] {
            let location = try await h.object(key)
            let answer = try await start(template.id, oss(location))
            #expect(answer.status == 200, "\(key): \(answer.text)")
        }
    }
}
