import FloeAPI
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// The RPC actions use only buckets the caller's account owns: task inputs, registered files, and the
/// locations a template names. Another account's bucket is answered like one that does not exist.
@Suite struct BucketOwnershipTests {
    let h: APIHarness

    init() async throws {
        // `media` is a server bucket (the first account's); the second account makes `theirs`.
        h = try await APIHarness(buckets: { store in
            BucketDirectory(store: store, localAccount: Samples.account, serverBuckets: { ["media": Samples.epoch] })
        })
        try await h.store.createBucket(Bucket(name: "theirs", accountID: h.otherAccount, createTime: Date()))
    }

    static func template(_ name: String, input: String? = nil, output: String? = nil) -> String {
        let start = input.map { #"{"Type": "Start", "Parameters": {"InputLocation": "\#($0)"}}"# } ?? #"{"Type": "Start"}"#
        let thumb = output.map { #"{"Type": "Snapshot", "Parameters": {"OutputLocation": "\#($0)"}}"# } ?? #"{"Type": "Snapshot"}"#
        return #"""
            {"Name": "\#(name)", "Activities": {"Start": \#(start), "thumb": \#(thumb), "End": {"Type": "End"}},
             "Dependencies": {"Start": ["thumb"], "thumb": ["End"]}}
            """#
    }

    /// Expects `answer` to be `InvalidParameter` naming `parameter` and saying the bucket does not exist.
    func expectNoBucket(_ answer: APIHarness.Answer, _ parameter: String, _ bucket: String,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        let message = answer["Message"] as? String ?? ""
        #expect(answer.status == 400 && answer.code == "InvalidParameter", "\(answer.text)", sourceLocation: sourceLocation)
        #expect(message.contains("\"\(parameter)\"") && message.contains("bucket '\(bucket)' does not exist"), "\(message)",
                sourceLocation: sourceLocation)
    }

    @Test func startWorkflowReadsOnlyTheCallersBuckets() async throws {
        let created = try await h.call("CreateWorkflow", [("Template", Self.template("mine"))], as: h.otherRoot)
        let id = try #require(created["WorkflowId"] as? String, "\(created.text)")
        for (bucket, skip) in [("media", "true"), ("media", "false"), ("nobody", "true")] {
            let answer = try await h.call("StartWorkflow", [("WorkflowId", id), ("TaskInput", #"{"Type":"OSS","Media":"oss://\#(bucket)/a.mp4"}"#),
                                                            ("SkipInputVerification", skip)], as: h.otherRoot)
            expectNoBucket(answer, "TaskInput", bucket)
        }
        let own = try await h.call("StartWorkflow", [("WorkflowId", id), ("TaskInput", #"{"Type":"OSS","Media":"oss://theirs/a.mp4"}"#),
                                                     ("SkipInputVerification", "true")], as: h.otherRoot)
        #expect(own.status == 200, "\(own.text)")
        #expect(try await h.store.tasks(TaskQuery(page: PageRequest(limit: 10))).items.count == 1)
    }

    @Test func registerMediaInfoRegistersOnlyTheCallersFiles() async throws {
        let foreign = try await h.call("RegisterMediaInfo", [("InputURL", "oss://media/a.mp4")], as: h.otherRoot)
        expectNoBucket(foreign, "InputURL", "media")
        let own = try await h.call("RegisterMediaInfo", [("InputURL", "oss://media/a.mp4")])
        #expect(own.status == 200, "\(own.text)")
    }

    @Test func templatesNameOnlyTheCallersBuckets() async throws {
        for text in [Self.template("in", input: "oss://media/in/"), Self.template("out", output: "oss://media/out/{TaskId}.{Ext}"),
                     Self.template("nobody", input: "oss://nobody/in/")] {
            let answer = try await h.call("CreateWorkflow", [("Template", text)], as: h.otherRoot)
            expectNoBucket(answer, "Template", text.contains("nobody") ? "nobody" : "media")
        }
        let own = try await h.call("CreateWorkflow", [("Template", Self.template("own", input: "oss://theirs/in/",
                                                                                 output: "oss://theirs/out/{TaskId}.{Ext}"))], as: h.otherRoot)
        let id = try #require(own["WorkflowId"] as? String, "\(own.text)")
        let update = try await h.call("UpdateWorkflow", [("WorkflowId", id), ("Template", Self.template("own", input: "oss://media/in/"))],
                                      as: h.otherRoot)
        expectNoBucket(update, "Template", "media")
        let kept = try #require(try await h.store.template(try WorkflowID(id)))
        #expect(kept.topology.startParameters.inputLocation?.bucket == "theirs")
        let ours = try await h.call("CreateWorkflow", [("Template", Self.template("ours", input: "oss://media/in/"))])
        #expect(ours.status == 200, "\(ours.text)")
    }
}
