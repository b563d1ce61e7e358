import FloeAPI
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

@Suite struct WorkflowActionTests {
    let h: APIHarness

    init() async throws {
        h = try await APIHarness()
    }

    static var timePattern: Regex<Substring> { #/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/# }

    @Test(arguments: TestSigner.Algorithm.allCases)
    func startAndGetATaskOnAMediaAsset(algorithm: TestSigner.Algorithm) async throws {
        let template = try await h.template()
        let media = try await h.media()
        let started = try await h.call("StartWorkflow", [
            ("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id)),
            ("UserData", #"{"NotifyAddress":"http://127.0.0.1:9000/cb","Note":"a b+c"}"#),
        ], algorithm: algorithm)
        #expect(started.status == 200, "\(started.text)")
        let taskID = try #require(started["TaskId"] as? String)
        let requestID = try #require(started["RequestId"] as? String)
        #expect(UUID(uuidString: requestID) != nil && requestID == requestID.uppercased())

        let got = try await h.call("GetWorkflowTask", [("TaskId", taskID)], algorithm: algorithm)
        #expect(got.status == 200, "\(got.text)")
        let task = try #require(got["WorkflowTask"] as? [String: Any])
        #expect(task["TaskId"] as? String == taskID)
        #expect(task["Status"] as? String == "Init")
        #expect(task["UserData"] as? String == #"{"NotifyAddress":"http://127.0.0.1:9000/cb","Note":"a b+c"}"#)
        let input = try #require(task["TaskInput"] as? String)
        #expect(try TaskInput(jsonText: input) == .media(media.id))
        #expect(try Self.timePattern.wholeMatch(in: #require(task["CreateTime"] as? String)) != nil)
        #expect(task["FinishTime"] == nil, "no FinishTime while the task runs")
        let workflow = try #require(task["Workflow"] as? [String: Any])
        #expect(workflow["WorkflowId"] as? String == template.id.rawValue)
        #expect(workflow["Name"] as? String == "diamond")
        #expect(workflow["Status"] as? String == "Active")
        #expect(workflow["Type"] as? String == "Common")
        #expect(workflow["CreateTime"] as? String == "2026-01-01T00:00:00Z")
        #expect(workflow["ModifiedTime"] as? String == "2026-01-01T00:00:00Z")
        #expect(workflow["MediaType"] == nil, "MediaType is for lists only")
        let resultsText = try #require(task["ActivityResults"] as? String, "ActivityResults is a JSON string")
        let results = try #require(try JSONSerialization.jsonObject(with: Data(resultsText.utf8)) as? [String: [String: Any]])
        #expect(Set(results.keys) == ["Start", "a", "b", "c", "End"])
        let a = try #require(results["a"])
        #expect(a["ActivityId"] as? String == "a")
        #expect(a["ActivityInstanceId"] is String)
        #expect(a["Status"] is String)
        #expect(a["Result"] is [String: Any])
    }

    @Test func anEndedTaskHasAFinishTimeAndActivityTimes() async throws {
        let template = try await h.template()
        let media = try await h.media()
        let started = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id))])
        let taskID = try TaskID(#require(started["TaskId"] as? String))
        try await h.store.cancelTask(taskID, now: Date())
        let got = try await h.call("GetWorkflowTask", [("TaskId", taskID.rawValue)])
        let task = try #require(got["WorkflowTask"] as? [String: Any])
        #expect(task["Status"] as? String == "Canceled")
        #expect(try Self.timePattern.wholeMatch(in: #require(task["FinishTime"] as? String)) != nil)
    }

    @Test(arguments: TestSigner.Algorithm.allCases)
    func startOnAnOSSInput(algorithm: TestSigner.Algorithm) async throws {
        let template = try await h.template()
        let location = try await h.object("in/clip-one.mp4")
        let input = #"{"Type":"OSS","Media":"\#(location)"}"#
        let started = try await h.call("StartWorkflow", [
            ("WorkflowId", template.id.rawValue), ("TaskInput", input), ("SkipInputVerification", "False"),
        ], algorithm: algorithm)
        #expect(started.status == 200, "\(started.text)")
        let taskID = try TaskID(#require(started["TaskId"] as? String))
        #expect(try await h.store.task(taskID)?.input == .oss(location))

        let missing = try await h.call("StartWorkflow", [
            ("WorkflowId", template.id.rawValue), ("TaskInput", #"{"Type":"OSS","Media":"oss://uploads/in/nothing.mp4"}"#),
        ])
        #expect(missing.status == 400 && missing.code == "InvalidParameter", "\(missing.text)")
        let notMedia = try await h.call("StartWorkflow", [
            ("WorkflowId", template.id.rawValue), ("TaskInput", #"{"Type":"OSS","Media":"oss://uploads/in/notes.txt"}"#),
        ])
        #expect(notMedia.status == 400 && notMedia.code == "InvalidParameter")
        let skipped = try await h.call("StartWorkflow", [
            ("WorkflowId", template.id.rawValue), ("TaskInput", #"{"Type":"OSS","Media":"oss://uploads/in/nothing.mp4"}"#),
            ("SkipInputVerification", "TRUE"),
        ])
        #expect(skipped.status == 200, "SkipInputVerification=true skips the check: \(skipped.text)")
        let badBool = try await h.call("StartWorkflow", [
            ("WorkflowId", template.id.rawValue), ("TaskInput", input), ("SkipInputVerification", "yes"),
        ])
        #expect(badBool.status == 400 && badBool.code == "InvalidParameter")
    }

    @Test func startWorkflowRejectsBadParameters() async throws {
        let template = try await h.template()
        let media = try await h.media()
        let id = template.id.rawValue
        let cases: [(String, [(String, String)], Int, String)] = [
            ("missing WorkflowId", [("TaskInput", mediaInput(media.id))], 400, "MissingParameter"),
            ("missing TaskInput", [("WorkflowId", id)], 400, "MissingParameter"),
            ("unknown workflow", [("WorkflowId", WorkflowID.generate().rawValue), ("TaskInput", mediaInput(media.id))], 400, "InvalidParameter"),
            ("malformed workflow", [("WorkflowId", "x y"), ("TaskInput", mediaInput(media.id))], 400, "InvalidParameter"),
            ("TaskInput not JSON", [("WorkflowId", id), ("TaskInput", "{not json")], 400, "InvalidParameter"),
            ("TaskInput other Type", [("WorkflowId", id), ("TaskInput", #"{"Type":"VOD","Media":"x"}"#)], 400, "InvalidParameter"),
            ("unknown media", [("WorkflowId", id), ("TaskInput", mediaInput(.generate()))], 400, "InvalidParameter"),
            ("UserData not JSON", [("WorkflowId", id), ("TaskInput", mediaInput(media.id)), ("UserData", "hello")], 400, "InvalidParameter"),
            ("UserData too long", [("WorkflowId", id), ("TaskInput", mediaInput(media.id)),
                                   ("UserData", #"{"a":"\#(String(repeating: "x", count: 520))"}"#)], 400, "InvalidParameter"),
        ]
        for (name, parameters, status, code) in cases {
            let answer = try await h.call("StartWorkflow", parameters)
            #expect(answer.status == status, "\(name): \(answer.text)")
            #expect(answer.code == code, "\(name): \(answer.text)")
            #expect(answer["RequestId"] is String && answer["HostId"] is String && answer["Message"] is String
                    && answer["Recommend"] is String, "\(name)")
        }
        let missing = try await h.call("StartWorkflow", [("TaskInput", mediaInput(media.id))])
        #expect((missing["Message"] as? String)?.contains("WorkflowId") == true)
        let tooLong = try await h.call("StartWorkflow", [("WorkflowId", id), ("TaskInput", mediaInput(media.id)),
                                                         ("UserData", #"{"a":"\#(String(repeating: "x", count: 520))"}"#)])
        #expect((tooLong["Message"] as? String)?.contains("UserData") == true)
    }

    @Test func anotherAccountsTaskIsNotFound() async throws {
        let template = try await h.template()
        let media = try await h.media()
        let started = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id))])
        let taskID = try #require(started["TaskId"] as? String)
        let theirs = try await h.call("GetWorkflowTask", [("TaskId", taskID)], as: h.otherRoot)
        let unknown = try await h.call("GetWorkflowTask", [("TaskId", TaskID.generate().rawValue)], as: h.otherRoot)
        #expect(theirs.status == 404 && theirs.code == "EntityNotExist.WorkflowTask")
        #expect(unknown.status == theirs.status && unknown.code == theirs.code)
        let cancel = try await h.call("CancelWorkflowTask", [("TaskId", taskID)], as: h.otherRoot)
        #expect(cancel.status == 404)
        let list = try await h.call("ListWorkflowTasks", [], as: h.otherRoot)
        #expect((list["TaskList"] as? [Any])?.isEmpty == true)
        let media2 = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id))],
                                      as: h.otherRoot)
        #expect(media2.status == 400, "another account's template is unknown")
        let missing = try await h.call("GetWorkflowTask", [])
        #expect(missing.status == 400 && missing.code == "MissingParameter")
    }

    @Test func listPagesFiltersAndBounds() async throws {
        let first = try await h.template(name: "first")
        let second = try await h.template(name: "second")
        let media = try await h.media()
        var ids: [String] = []
        for index in 0..<7 {
            let template = index % 2 == 0 ? first : second
            let answer = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id))])
            ids.append(try #require(answer["TaskId"] as? String))
        }
        // Paging through everything, three at a time.
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var parameters = [("MaxResults", "3")]
            if let token { parameters.append(("NextToken", token)) }
            let page = try await h.call("ListWorkflowTasks", parameters, algorithm: pages % 2 == 0 ? .acs3 : .v1)
            #expect(page.status == 200, "\(page.text)")
            #expect(page["MaxResults"] as? Int == 3)
            let items = try #require(page["TaskList"] as? [[String: Any]])
            #expect(items.count <= 3)
            for item in items {
                #expect(item["ActivityResults"] == nil)
                let workflow = try #require(item["Workflow"] as? [String: Any])
                #expect(workflow["MediaType"] as? String == "Media")
                seen.append(try #require(item["TaskId"] as? String))
            }
            token = page["NextToken"] as? String
            pages += 1
        } while token != nil && pages < 10
        #expect(Set(seen) == Set(ids) && seen.count == 7)
        #expect(pages == 3)

        let defaults = try await h.call("ListWorkflowTasks")
        #expect(defaults["MaxResults"] as? Int == 10)
        #expect((defaults["TaskList"] as? [Any])?.count == 7 && defaults["NextToken"] == nil)

        let byName = try await h.call("ListWorkflowTasks", [("WorkflowName", "second"), ("MaxResults", "2")])
        let named = try #require(byName["TaskList"] as? [[String: Any]])
        #expect(named.count == 2 && byName["NextToken"] is String)
        let rest = try await h.call("ListWorkflowTasks", [("WorkflowName", "second"), ("MaxResults", "2"),
                                                          ("NextToken", try #require(byName["NextToken"] as? String))])
        #expect((rest["TaskList"] as? [Any])?.count == 1 && rest["NextToken"] == nil)

        let byID = try await h.call("ListWorkflowTasks", [("WorkflowId", first.id.rawValue), ("MaxResults", "100")])
        #expect((byID["TaskList"] as? [Any])?.count == 4)
        let byKey = try await h.call("ListWorkflowTasks", [("KeyText", String(media.id.rawValue.prefix(10)).uppercased())])
        #expect((byKey["TaskList"] as? [Any])?.count == 7)
        let noKey = try await h.call("ListWorkflowTasks", [("KeyText", "nothing-like-it")])
        #expect((noKey["TaskList"] as? [Any])?.isEmpty == true)
        let future = WireTime.string(Date().addingTimeInterval(3600))
        let past = WireTime.string(Date().addingTimeInterval(-3600))
        let inRange = try await h.call("ListWorkflowTasks", [("StartOfCreateTime", past), ("EndOfCreateTime", future)])
        #expect((inRange["TaskList"] as? [Any])?.count == 7)
        let later = try await h.call("ListWorkflowTasks", [("StartOfCreateTime", future)])
        #expect((later["TaskList"] as? [Any])?.isEmpty == true)
        let earlier = try await h.call("ListWorkflowTasks", [("EndOfCreateTime", past)])
        #expect((earlier["TaskList"] as? [Any])?.isEmpty == true)

        for bad in [("MaxResults", "0"), ("MaxResults", "101"), ("MaxResults", "ten"), ("NextToken", "garbage!"),
                    ("StartOfCreateTime", "yesterday"), ("KeyText", String(repeating: "k", count: 33)), ("WorkflowId", "../x")] {
            let answer = try await h.call("ListWorkflowTasks", [bad])
            #expect(answer.status == 400 && answer.code == "InvalidParameter", "\(bad): \(answer.text)")
        }
    }

    @Test func cancelATask() async throws {
        let template = try await h.template()
        let media = try await h.media()
        let started = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id))])
        let taskID = try #require(started["TaskId"] as? String)
        let canceled = try await h.call("CancelWorkflowTask", [("TaskId", taskID)], algorithm: .v1)
        #expect(canceled.status == 200 && canceled["TaskId"] as? String == taskID, "\(canceled.text)")
        #expect(try await h.store.task(TaskID(taskID))?.status == .canceled)
        let again = try await h.call("CancelWorkflowTask", [("TaskId", taskID)])
        #expect(again.status == 409 && again.code == "IncorrectTaskStatus", "\(again.text)")
    }
}
