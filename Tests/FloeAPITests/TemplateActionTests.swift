import FloeAPI
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// Templates as users write them, for the template actions.
enum TemplateTexts {
    /// A YAML template bound to `oss://uploads/video/`, started by hand.
    static let renditions = """
        Name: web-renditions
        Activities:
          Start: {Type: Start, Parameters: {InputLocation: "oss://uploads/video/", TriggerMode: Manual}}
          probe: {Type: MediaInfo}
          cover: {Type: Snapshot, Parameters: {Time: 1.0, Width: 640, Format: jpg}}
          End: {Type: End}
        Dependencies: {Start: [probe], probe: [cover], cover: [End]}
        """

    /// A JSON template `Start -> <activity> (MediaInfo) -> End`, bound to `location` when given.
    static func simple(_ name: String, activity: String = "probe", location: String? = nil) -> String {
        let start = location.map { #"{"Type": "Start", "Parameters": {"InputLocation": "\#($0)"}}"# } ?? #"{"Type": "Start"}"#
        return #"""
            {"Name": "\#(name)", "Activities": {"Start": \#(start), "\#(activity)": {"Type": "MediaInfo"}, "End": {"Type": "End"}},
             "Dependencies": {"Start": ["\#(activity)"], "\#(activity)": ["End"]}}
            """#
    }
}

@Suite struct TemplateActionTests {
    let h: APIHarness

    init() async throws {
        h = try await APIHarness()
    }

    /// `CreateWorkflow` of `text`, which must succeed; the new WorkflowId.
    func create(_ text: String, _ more: [(String, String)] = [], as credential: KeyRing.Credential? = nil) async throws -> String {
        let answer = try await h.call("CreateWorkflow", [("Template", text)] + more, as: credential)
        #expect(answer.status == 200, "\(answer.text)")
        return try #require(answer["WorkflowId"] as? String)
    }

    /// `GetWorkflow`'s `Workflow` object for `id`, which must exist.
    func workflow(_ id: String, as credential: KeyRing.Credential? = nil) async throws -> [String: Any] {
        let answer = try await h.call("GetWorkflow", [("WorkflowId", id)], as: credential)
        #expect(answer.status == 200, "\(answer.text)")
        return try #require(answer["Workflow"] as? [String: Any])
    }

    /// Starts a task of `id` on a new media asset of the account; the answer.
    func start(_ id: String) async throws -> APIHarness.Answer {
        let media = try await h.media()
        return try await h.call("StartWorkflow", [("WorkflowId", id), ("TaskInput", mediaInput(media.id))])
    }

    @Test(arguments: TestSigner.Algorithm.allCases)
    func createAndGetAYAMLTemplate(algorithm: TestSigner.Algorithm) async throws {
        let answer = try await h.call("CreateWorkflow", [("Template", TemplateTexts.renditions)], algorithm: algorithm)
        #expect(answer.status == 200, "\(answer.text)")
        let id = try #require(answer["WorkflowId"] as? String)
        #expect(WorkflowID.isValid(id))
        #expect(answer["RequestId"] is String)
        let created = try #require(answer["Workflow"] as? [String: Any])
        #expect(created["WorkflowId"] as? String == id)
        #expect(created["Name"] as? String == "web-renditions")
        #expect(created["Type"] as? String == "Common")
        #expect(created["Status"] as? String == "Active")
        #expect(created["MediaType"] as? String == "OSS")
        #expect(created["TriggerMode"] as? String == "Manual")
        #expect(created["InputLocation"] as? String == "oss://uploads/video/")
        let createTime = try #require(created["CreateTime"] as? String)
        #expect(try WorkflowActionTests.timePattern.wholeMatch(in: createTime) != nil)
        #expect(created["ModifiedTime"] as? String == createTime)

        let got = try await workflow(id)
        #expect(got as? [String: String] != nil)
        #expect(got as? [String: String] == created as? [String: String], "GetWorkflow shows what CreateWorkflow answered")
        let text = try #require(got["Template"] as? String, "the document as JSON text")
        #expect(text.hasPrefix("{"))
        let expected = try TemplateDocument.parse(TemplateTexts.renditions)
        #expect(try TemplateDocument.parse(text) == expected, "the JSON text re-parses to the YAML's document")

        let stored = try #require(try await h.store.template(WorkflowID(id)))
        #expect(stored.accountID == h.account && stored.kind == .common && stored.topology == expected.topology)
    }

    @Test func anUnboundInactiveTemplate() async throws {
        let id = try await create(TemplateTexts.simple("plain"), [("Status", "Inactive")])
        let got = try await workflow(id)
        #expect(got["MediaType"] as? String == "Media")
        #expect(got["TriggerMode"] as? String == "Manual")
        #expect(got["InputLocation"] == nil)
        #expect(got["Status"] as? String == "Inactive")
        let started = try await start(id)
        #expect(started.status == 400 && started.code == "InvalidParameter", "\(started.text)")
        #expect((started["Message"] as? String)?.contains("Inactive") == true)
    }

    @Test("GetWorkflow's Template re-parses to each system template's topology")
    func systemTemplatesRoundTrip() async throws {
        for template in SystemTemplates.all { try await h.store.saveTemplate(template) }
        for template in SystemTemplates.all {
            let got = try await workflow(template.id.rawValue)
            #expect(got["Type"] as? String == "System")
            #expect(got["Name"] as? String == template.name)
            #expect(got["CreateTime"] as? String == "2026-01-01T00:00:00Z")
            let document = try TemplateDocument.parse(try #require(got["Template"] as? String))
            #expect(document.topology == template.topology, "\(template.name)")
            #expect(document.name == template.name)
        }
    }

    @Test func createRefusesBadParameters() async throws {
        let badHeight = """
            Name: bad
            Activities:
              Start: {Type: Start}
              mp4: {Type: Transcode, Parameters: {Outputs: [{Name: hd, Video: {Codec: h264, Height: 721}}]}}
              End: {Type: End}
            Dependencies: {Start: [mp4], mp4: [End]}
            """
        let cases: [(String, [(String, String)], String, [String])] = [
            ("no Template", [], "MissingParameter", ["\"Template\""]),
            ("no Activities", [("Template", "Name: x")], "InvalidParameter", ["\"Template\"", "Activities"]),
            ("a bad parameter", [("Template", badHeight)], "InvalidParameter",
             ["\"Template\"", "activity 'mp4' (Transcode): Parameters.Outputs[0].Video.Height: 721 must be even"]),
            ("a cycle", [("Template", "Name: c\nActivities: {Start: {Type: Start}, a: {Type: MediaInfo}, b: {Type: MediaInfo}, End: {Type: End}}\nDependencies: {Start: [a], a: [b], b: [a, End]}")],
             "InvalidParameter", ["cycle"]),
            ("not a template", [("Template", "{not json")], "InvalidParameter", ["\"Template\""]),
            ("a lowercase Status", [("Template", TemplateTexts.simple("s")), ("Status", "active")], "InvalidParameter",
             ["\"Status\"", "Active, Inactive"]),
            ("too long", [("Template", TemplateTexts.simple("long") + String(repeating: " ", count: 64 * 1024))],
             "InvalidParameter", ["\"Template\"", "65536"]),
        ]
        for (name, parameters, code, fragments) in cases {
            let answer = try await h.call("CreateWorkflow", parameters)
            #expect(answer.status == 400 && answer.code == code, "\(name): \(answer.text)")
            let message = answer["Message"] as? String ?? ""
            for fragment in fragments {
                #expect(message.contains(fragment), "\(name): \(message)")
            }
        }
        let page = try await h.store.templates(PageRequest(limit: 100), accountID: h.account)
        #expect(page.items.isEmpty, "nothing was saved")
    }

    @Test func namesAreUniqueWithinAnAccount() async throws {
        let first = try await create(TemplateTexts.simple("dup"))
        let again = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("dup", activity: "other"))])
        #expect(again.status == 409 && again.code == "WorkflowNameExists", "\(again.text)")
        _ = try await create(TemplateTexts.simple("dup"), as: h.otherRoot)

        let second = try await create(TemplateTexts.simple("second"))
        let rename = try await h.call("UpdateWorkflow", [("WorkflowId", second), ("Template", TemplateTexts.simple("dup"))])
        #expect(rename.status == 409 && rename.code == "WorkflowNameExists", "\(rename.text)")
        let unchanged = try await workflow(second)
        #expect(unchanged["Name"] as? String == "second", "a refused update changes nothing")
        let sameName = try await h.call("UpdateWorkflow", [("WorkflowId", first), ("Template", TemplateTexts.simple("dup", activity: "next"))])
        #expect(sameName.status == 200, "keeping its own name is no clash: \(sameName.text)")

        let deleted = try await h.call("DeleteWorkflow", [("WorkflowId", first)])
        #expect(deleted.status == 200)
        _ = try await create(TemplateTexts.simple("dup"))
    }

    @Test func concurrentCreatesTakeANameOnce() async throws {
        let actions = TemplateActions.all(store: h.store, buckets: OpenBucketAccess())
        let create = try #require(actions.first { type(of: $0).name == "CreateWorkflow" })
        let parameters = try APIHarness.parameters([("Template", TemplateTexts.simple("race"))])
        let caller = h.caller(at: Date())
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    do {
                        _ = try await create.run(parameters, caller: caller)
                        return "OK"
                    } catch let error as APIError {
                        return error.code
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(codes.filter { $0 == "OK" }.count == 1, "\(codes)")
        #expect(codes.filter { $0 == "WorkflowNameExists" }.count == 31, "\(codes)")
        let page = try await h.store.templates(PageRequest(limit: 100), accountID: h.account)
        #expect(page.items.filter { $0.name == "race" }.count == 1)
    }

    @Test func anAccountHasAtMostItsLimitOfTemplates() async throws {
        let h = try await APIHarness(maximumTemplatesPerAccount: 2)
        for template in SystemTemplates.all { try await h.store.saveTemplate(template) }
        var ids: [String] = []
        for name in ["one", "two"] {
            let answer = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple(name))])
            #expect(answer.status == 200, "System templates do not count: \(answer.text)")
            ids.append(try #require(answer["WorkflowId"] as? String))
        }
        let third = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("three"))])
        #expect(third.status == 403 && third.code == "QuotaExceeded.Workflow", "\(third.text)")
        #expect((third["Message"] as? String)?.contains("2") == true)
        let theirs = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("three"))], as: h.otherRoot)
        #expect(theirs.status == 200, "the limit is per account")
        let update = try await h.call("UpdateWorkflow", [("WorkflowId", ids[0]), ("Template", TemplateTexts.simple("uno"))])
        #expect(update.status == 200, "updating is not creating")
        _ = try await h.call("DeleteWorkflow", [("WorkflowId", ids[0])])
        let again = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("three"))])
        #expect(again.status == 200, "\(again.text)")
    }

    @Test func updateReplacesTheGraphForNewTasksOnly() async throws {
        let id = try await create(TemplateTexts.simple("evolving", activity: "before"))
        var stored = try #require(try await h.store.template(WorkflowID(id)))
        stored.createTime = Samples.epoch
        stored.modifiedTime = Samples.epoch
        try await h.store.saveTemplate(stored)
        let oldTopology = stored.topology

        let first = try await start(id)
        let firstTask = try TaskID(#require(first["TaskId"] as? String))
        let updated = try await h.call("UpdateWorkflow", [("WorkflowId", id), ("Template", TemplateTexts.renditions)])
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated["WorkflowId"] as? String == id)
        #expect(updated["Workflow"] == nil)

        let got = try await workflow(id)
        #expect(got["Name"] as? String == "web-renditions")
        #expect(got["CreateTime"] as? String == "2026-01-01T00:00:00Z", "CreateTime stays")
        let modified = try #require(got["ModifiedTime"] as? String)
        #expect(modified != "2026-01-01T00:00:00Z", "ModifiedTime moves")
        #expect(try WorkflowActionTests.timePattern.wholeMatch(in: modified) != nil)
        #expect(got["Status"] as? String == "Active", "a Template alone keeps the status")

        let second = try await start(id)
        let secondTask = try TaskID(#require(second["TaskId"] as? String))
        let newTopology = try TemplateDocument.parse(TemplateTexts.renditions).topology
        let firstCopy = try await h.store.task(firstTask)?.topology
        let secondCopy = try await h.store.task(secondTask)?.topology
        #expect(firstCopy == oldTopology, "a task keeps the graph it started with")
        #expect(secondCopy == newTopology)
        let firstRuns = try await h.store.activityRuns(of: firstTask).map(\.name)
        #expect(Set(firstRuns) == ["Start", "before", "End"])
        let secondRuns = try await h.store.activityRuns(of: secondTask).map(\.name)
        #expect(Set(secondRuns) == ["Start", "probe", "cover", "End"])
    }

    @Test func aTemplateMadeOverTheAPIRuns() async throws {
        let id = try await create(TemplateTexts.renditions)
        let location = try await h.object("video/clip.mp4")
        let started = try await h.call("StartWorkflow", [("WorkflowId", id), ("TaskInput", #"{"Type":"OSS","Media":"\#(location)"}"#)])
        #expect(started.status == 200, "\(started.text)")
        let taskID = try #require(started["TaskId"] as? String)
        let task = try #require(try await h.store.task(TaskID(taskID)))
        #expect(task.workflowID.rawValue == id && task.workflowName == "web-renditions")
        #expect(task.topology == (try TemplateDocument.parse(TemplateTexts.renditions)).topology)
        let got = try await h.call("GetWorkflowTask", [("TaskId", taskID)])
        let results = try #require((got["WorkflowTask"] as? [String: Any])?["ActivityResults"] as? String)
        let names = try #require(try JSONSerialization.jsonObject(with: Data(results.utf8)) as? [String: Any]).keys
        #expect(Set(names) == ["Start", "probe", "cover", "End"])
    }

    @Test func statusControlsStartWorkflow() async throws {
        let id = try await create(TemplateTexts.simple("switch"))
        let off = try await h.call("UpdateWorkflow", [("WorkflowId", id), ("Status", "Inactive")])
        #expect(off.status == 200, "\(off.text)")
        let inactive = try await workflow(id)
        #expect(inactive["Status"] as? String == "Inactive")
        #expect(inactive["Name"] as? String == "switch", "a Status alone keeps the graph")
        let refused = try await start(id)
        #expect(refused.status == 400 && refused.code == "InvalidParameter", "\(refused.text)")
        #expect((refused["Message"] as? String)?.contains("Inactive") == true)
        let on = try await h.call("UpdateWorkflow", [("WorkflowId", id), ("Status", "Active")])
        #expect(on.status == 200)
        let started = try await start(id)
        #expect(started.status == 200, "\(started.text)")
    }

    @Test func updateAndDeleteErrors() async throws {
        for template in SystemTemplates.all { try await h.store.saveTemplate(template) }
        let id = try await create(TemplateTexts.simple("mine"))
        let system = SystemTemplates.snapshotsID.rawValue

        let neither = try await h.call("UpdateWorkflow", [("WorkflowId", id)])
        #expect(neither.status == 400 && neither.code == "MissingParameter", "\(neither.text)")
        #expect((neither["Message"] as? String)?.contains("\"Template\"") == true)
        let noID = try await h.call("UpdateWorkflow", [("Status", "Active")])
        #expect(noID.status == 400 && noID.code == "MissingParameter")
        #expect((noID["Message"] as? String)?.contains("\"WorkflowId\"") == true)
        let badTemplate = try await h.call("UpdateWorkflow", [("WorkflowId", id), ("Template", "Name: x")])
        #expect(badTemplate.status == 400 && badTemplate.code == "InvalidParameter")
        let badStatus = try await h.call("UpdateWorkflow", [("WorkflowId", id), ("Status", "Paused")])
        #expect(badStatus.status == 400 && badStatus.code == "InvalidParameter")

        for action in ["UpdateWorkflow", "DeleteWorkflow"] {
            let parameters = action == "UpdateWorkflow" ? [("Status", "Inactive")] : []
            let forbidden = try await h.call(action, [("WorkflowId", system)] + parameters)
            #expect(forbidden.status == 403 && forbidden.code == "Forbidden.SystemWorkflow", "\(action): \(forbidden.text)")
            for unknown in [WorkflowID.generate().rawValue, "x y", "../../etc", String(repeating: "f", count: 5000)] {
                let answer = try await h.call(action, [("WorkflowId", unknown)] + parameters)
                #expect(answer.status == 404 && answer.code == "EntityNotExist.Workflow", "\(action) \(unknown.prefix(20)): \(answer.text)")
            }
        }
        let snapshots = try await h.store.template(SystemTemplates.snapshotsID)
        #expect(snapshots == SystemTemplates.all[2], "System templates are unchanged")

        let deleted = try await h.call("DeleteWorkflow", [("WorkflowId", id)])
        #expect(deleted.status == 200 && deleted["WorkflowId"] as? String == id, "\(deleted.text)")
        for action in ["GetWorkflow", "DeleteWorkflow"] {
            let gone = try await h.call(action, [("WorkflowId", id)])
            #expect(gone.status == 404 && gone.code == "EntityNotExist.Workflow", "\(action)")
        }
        let missing = try await h.call("GetWorkflow")
        #expect(missing.status == 400 && missing.code == "MissingParameter")
    }

    @Test func deletingATemplateKeepsItsTasks() async throws {
        let id = try await create(TemplateTexts.simple("short-lived"))
        let started = try await start(id)
        let taskID = try #require(started["TaskId"] as? String)
        let deleted = try await h.call("DeleteWorkflow", [("WorkflowId", id)])
        #expect(deleted.status == 200)
        let got = try await h.call("GetWorkflowTask", [("TaskId", taskID)])
        #expect(got.status == 200, "\(got.text)")
        let task = try #require(got["WorkflowTask"] as? [String: Any])
        let workflow = try #require(task["Workflow"] as? [String: Any])
        #expect(workflow["WorkflowId"] as? String == id && workflow["Name"] as? String == "short-lived")
        let canceled = try await h.call("CancelWorkflowTask", [("TaskId", taskID)])
        #expect(canceled.status == 200, "the task is still the engine's to run or cancel: \(canceled.text)")
        let listed = try await h.call("ListWorkflows")
        #expect((listed["Workflows"] as? [[String: Any]])?.isEmpty == true)
    }

    @Test func accountsDoNotSeeEachOthersTemplates() async throws {
        for template in SystemTemplates.all { try await h.store.saveTemplate(template) }
        let id = try await create(TemplateTexts.simple("private"))
        let theirs = try await h.call("GetWorkflow", [("WorkflowId", id)], as: h.otherRoot)
        let unknown = try await h.call("GetWorkflow", [("WorkflowId", WorkflowID.generate().rawValue)], as: h.otherRoot)
        #expect(theirs.status == 404 && theirs.code == "EntityNotExist.Workflow")
        #expect(unknown.status == theirs.status && unknown.code == theirs.code)
        let list = try await h.call("ListWorkflows", [("MaxResults", "100")], as: h.otherRoot)
        let ids = try #require(list["Workflows"] as? [[String: Any]]).compactMap { $0["WorkflowId"] as? String }
        #expect(Set(ids) == Set(SystemTemplates.all.map(\.id.rawValue)), "the System ones, not the other account's")
        let named = try await h.call("ListWorkflows", [("Name", "private")], as: h.otherRoot)
        #expect((named["Workflows"] as? [Any])?.isEmpty == true)
        let media = Samples.media(accountID: h.otherAccount)
        try await h.store.createMedia(media)
        let started = try await h.call("StartWorkflow", [("WorkflowId", id), ("TaskInput", mediaInput(media.id))], as: h.otherRoot)
        #expect(started.status == 400 && started.code == "InvalidParameter", "as for an unknown workflow: \(started.text)")
        #expect((started["Message"] as? String)?.contains("does not exist") == true)
        for (action, parameters) in [("UpdateWorkflow", [("Status", "Inactive")]), ("DeleteWorkflow", [])] {
            let answer = try await h.call(action, [("WorkflowId", id)] + parameters, as: h.otherRoot)
            #expect(answer.status == 404 && answer.code == "EntityNotExist.Workflow", "\(action)")
        }
        let mine = try await workflow(id)
        #expect(mine["Status"] as? String == "Active", "untouched")
    }

    @Test func listWorkflowsPagesAndFilters() async throws {
        for template in SystemTemplates.all { try await h.store.saveTemplate(template) }
        var common: [String] = []
        for index in 0..<6 {  // with the 4 system templates, 10
            common.append(try await create(TemplateTexts.simple("t\(index)"), index < 3 ? [("Status", "Inactive")] : []))
        }
        let everything = Set(common + SystemTemplates.all.map(\.id.rawValue))

        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var parameters = [("MaxResults", "3")]
            if let token { parameters.append(("NextToken", token)) }
            let page = try await h.call("ListWorkflows", parameters, algorithm: pages % 2 == 0 ? .acs3 : .v1)
            #expect(page.status == 200, "\(page.text)")
            #expect(page["MaxResults"] as? Int == 3)
            let items = try #require(page["Workflows"] as? [[String: Any]])
            #expect(items.count <= 3)
            for item in items {
                #expect(item["Template"] == nil, "lists leave the document out")
                #expect(item["Name"] is String && item["Type"] is String && item["Status"] is String && item["MediaType"] is String)
                seen.append(try #require(item["WorkflowId"] as? String))
            }
            token = page["NextToken"] as? String
            pages += 1
        } while token != nil && pages < 10
        #expect(seen.count == 10 && Set(seen) == everything, "every template once: \(seen)")
        #expect(seen == seen.sorted(), "ordered by WorkflowId")
        #expect(pages == 4)

        let all = try await h.call("ListWorkflows")
        #expect(all["MaxResults"] as? Int == 10)
        #expect((all["Workflows"] as? [Any])?.count == 10 && all["NextToken"] == nil)

        func count(_ parameters: [(String, String)]) async throws -> Int {
            let answer = try await h.call("ListWorkflows", parameters + [("MaxResults", "100")])
            #expect(answer.status == 200, "\(parameters): \(answer.text)")
            return try #require(answer["Workflows"] as? [Any]).count
        }
        let expected: [([(String, String)], Int)] = [
            ([("Type", "System")], 4), ([("Type", "Common")], 6), ([("Status", "Inactive")], 3),
            ([("Status", "Active"), ("Type", "Common")], 3), ([("Type", "System"), ("Status", "Inactive")], 0),
            ([("Name", "t4")], 1), ([("Name", "T4")], 0), ([("Name", "snapshots")], 1),
        ]
        for (parameters, number) in expected {
            let found = try await count(parameters)
            #expect(found == number, "\(parameters)")
        }

        let filtered = try await h.call("ListWorkflows", [("Type", "Common"), ("MaxResults", "5")])
        let firstFive = try #require(filtered["Workflows"] as? [[String: Any]])
        let rest = try await h.call("ListWorkflows", [("Type", "Common"), ("MaxResults", "5"),
                                                      ("NextToken", try #require(filtered["NextToken"] as? String))])
        let lastOne = try #require(rest["Workflows"] as? [[String: Any]])
        #expect(firstFive.count == 5 && lastOne.count == 1 && rest["NextToken"] == nil)
        #expect(Set((firstFive + lastOne).compactMap { $0["WorkflowId"] as? String }) == Set(common))

        for bad in [("MaxResults", "0"), ("MaxResults", "101"), ("MaxResults", "ten"), ("Type", "Customize"),
                    ("Status", "active"), ("NextToken", "garbage!"), ("NextToken", "eApub3QtYS1zdG9yZS10b2tlbg")] {
            let answer = try await h.call("ListWorkflows", [bad])
            #expect(answer.status == 400 && answer.code == "InvalidParameter", "\(bad): \(answer.text)")
        }
    }

    @Test("templates made or deleted between two pages never make one appear twice")
    func pagingWhileTemplatesChange() async throws {
        var original: [String] = []
        for index in 0..<8 { original.append(try await create(TemplateTexts.simple("before-\(index)"))) }
        let first = try await h.call("ListWorkflows", [("MaxResults", "3")])
        var seen = try #require(first["Workflows"] as? [[String: Any]]).compactMap { $0["WorkflowId"] as? String }
        var token = first["NextToken"] as? String
        for index in 0..<6 { _ = try await create(TemplateTexts.simple("during-\(index)")) }
        let unseen = original.filter { !seen.contains($0) }.sorted()
        _ = try await h.call("DeleteWorkflow", [("WorkflowId", unseen[0])])
        while let next = token {
            let page = try await h.call("ListWorkflows", [("MaxResults", "3"), ("NextToken", next)])
            seen += try #require(page["Workflows"] as? [[String: Any]]).compactMap { $0["WorkflowId"] as? String }
            token = page["NextToken"] as? String
        }
        #expect(seen.count == Set(seen).count, "no duplicates: \(seen)")
        #expect(Set(original).subtracting([unseen[0]]).isSubset(of: Set(seen)), "every template that stayed is listed")
        #expect(!seen.contains(unseen[0]))
    }

    @Test func ramPoliciesNameTheTemplateActions() async throws {
        let policy = #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ice:GetWorkflow","ice:ListWorkflows"],"Resource":"*"}]}"#
        let reader = try await h.ring.createKey(accountID: h.account, isRoot: false, policy: policy, now: Date())
        let listed = try await h.call("ListWorkflows", [], as: reader)
        #expect(listed.status == 200, "\(listed.text)")
        let created = try await h.call("CreateWorkflow", [("Template", TemplateTexts.simple("nope"))], as: reader)
        #expect(created.status == 403 && created.code == "Forbidden.RAM", "\(created.text)")
        let detail = try #require(created["AccessDeniedDetail"] as? [String: Any])
        #expect(detail["AuthAction"] as? String == "ice:CreateWorkflow")
    }
}
