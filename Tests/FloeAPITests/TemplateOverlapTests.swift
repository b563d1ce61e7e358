import FloeCore
import FloeTesting
import Foundation
import Testing

/// The seed's warning: a bound location that is a prefix of another's (or the reverse) starts both workflows.
@Suite struct TemplateOverlapTests {
    let h: APIHarness

    init() async throws {
        h = try await APIHarness()
    }

    /// The `OverlappingWorkflows` of an answer, as `WorkflowId`s.
    func overlapping(_ answer: APIHarness.Answer) -> [String] {
        ((answer["OverlappingWorkflows"] as? [[String: Any]]) ?? []).compactMap { $0["WorkflowId"] as? String }
    }

    @Test("CreateWorkflow succeeds and names the template whose bound location overlaps, either way round")
    func createNamesOverlaps() async throws {
        let test = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("test", location: "oss://uploads/test"))])
        #expect(test.status == 200 && test["OverlappingWorkflows"] == nil, "\(test.text)")
        let testID = try #require(test["WorkflowId"] as? String)

        let test1 = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("test1", location: "oss://uploads/test1"))])
        #expect(test1.status == 200, "\(test1.text)")
        #expect(overlapping(test1) == [testID])
        let member = try #require((test1["OverlappingWorkflows"] as? [[String: Any]])?.first)
        #expect(member["Name"] as? String == "test" && member["InputLocation"] as? String == "oss://uploads/test")
        let test1ID = try #require(test1["WorkflowId"] as? String)

        // A shorter location overlaps both; a media file name is compared without its extension.
        let all = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("all", location: "oss://uploads/te.mp4"))])
        #expect(Set(overlapping(all)) == [testID, test1ID])
        // No overlap: a sibling, another bucket, a Manual or Inactive template, another account's.
        let sibling = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("other", location: "oss://uploads/x/"))])
        #expect(sibling.status == 200 && overlapping(sibling).isEmpty)
        let bucket = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("b", location: "oss://uploads2/test"))])
        #expect(overlapping(bucket).isEmpty)
        let manual = try await h.call("CreateWorkflow", [("Template", TemplateTexts.renditions.replacingOccurrences(
            of: "oss://uploads/video/", with: "oss://uploads/test2/"))])
        #expect(manual.status == 200 && overlapping(manual).isEmpty, "\(manual.text)")
        let inactive = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("off", location: "oss://uploads/test3")),
                                                           ("Status", "Inactive")])
        #expect(inactive.status == 200 && overlapping(inactive).isEmpty)
        let theirs = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("test", location: "oss://uploads/test1/a"))],
                                      as: h.otherRoot)
        #expect(theirs.status == 200 && overlapping(theirs).isEmpty, "another account's templates are not named")
    }

    @Test("UpdateWorkflow names the overlap its new location or its activation makes")
    func updateNamesOverlaps() async throws {
        let first = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("first", location: "oss://uploads/a/"))])
        let firstID = try #require(first["WorkflowId"] as? String)
        let second = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("second", location: "oss://uploads/b/"))])
        let secondID = try #require(second["WorkflowId"] as? String)
        #expect(overlapping(second).isEmpty)

        let moved = try await h.call("UpdateWorkflow", [("WorkflowId", secondID),
                                                        ("Template", TemplateTexts.simple("second", location: "oss://uploads/a/b/"))])
        #expect(moved.status == 200 && overlapping(moved) == [firstID], "\(moved.text)")
        // Re-saving the first names the second; deactivating it names nothing.
        let off = try await h.call("UpdateWorkflow", [("WorkflowId", firstID), ("Status", "Inactive")])
        #expect(off.status == 200 && overlapping(off).isEmpty)
        let on = try await h.call("UpdateWorkflow", [("WorkflowId", firstID), ("Status", "Active")])
        #expect(overlapping(on) == [secondID])
    }
}
