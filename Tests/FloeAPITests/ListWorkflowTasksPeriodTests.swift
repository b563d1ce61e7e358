import FloeAPI
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// ListWorkflowTasks lists only the last 90 days, and pages without repeating a task.
@Suite struct ListWorkflowTasksPeriodTests {
    let h: APIHarness
    let action: ListWorkflowTasksAction

    init() async throws {
        h = try await APIHarness()
        action = ListWorkflowTasksAction(store: h.store)
    }

    static let day: TimeInterval = 24 * 60 * 60
    /// 100 days after the epoch: the listed period starts at day 10.
    static let now = Samples.epoch.addingTimeInterval(100 * day)

    /// A task made at `time`, stored.
    func task(at time: Date, template: WorkflowTemplate, media: MediaAsset) async throws -> String {
        let task = Samples.task(of: template, on: media, at: time)
        try await h.store.createTask(task, now: time)
        return task.id.rawValue
    }

    /// The TaskIds the action lists with `parameters` at ``now``.
    func list(_ parameters: [(String, String)] = []) async throws -> [String] {
        let members = try await action.run(APIHarness.parameters(parameters + [("MaxResults", "100")]), caller: h.caller(at: Self.now))
        guard case .array(let items)? = members["TaskList"] else { return [] }
        return items.compactMap { $0.objectValue?["TaskId"]?.stringValue }
    }

    @Test func onlyTasksOfTheLast90DaysAreListed() async throws {
        #expect(ListWorkflowTasksAction.listedPeriod == 90 * Self.day)
        let template = try await h.template()
        let media = try await h.media()
        let old = try await task(at: Samples.epoch, template: template, media: media)
        let justBefore = try await task(at: Samples.epoch.addingTimeInterval(10 * Self.day - 1), template: template, media: media)
        let first = try await task(at: Samples.epoch.addingTimeInterval(10 * Self.day), template: template, media: media)
        let middle = try await task(at: Samples.epoch.addingTimeInterval(30 * Self.day), template: template, media: media)
        let recent = try await task(at: Samples.epoch.addingTimeInterval(89 * Self.day), template: template, media: media)

        let listed = try await list()
        #expect(listed == [recent, middle, first], "newest first, from exactly 90 days back")
        #expect(!listed.contains(old) && !listed.contains(justBefore))

        let earlyStart = try await list([("StartOfCreateTime", WireTime.string(Samples.epoch))])
        #expect(earlyStart == listed, "an earlier StartOfCreateTime is moved up to the limit, not refused")
        let lateStart = try await list([("StartOfCreateTime", WireTime.string(Samples.epoch.addingTimeInterval(50 * Self.day)))])
        #expect(lateStart == [recent])
        let oldEnd = try await list([("EndOfCreateTime", WireTime.string(Samples.epoch.addingTimeInterval(5 * Self.day)))])
        #expect(oldEnd.isEmpty)
        let byWorkflow = try await list([("WorkflowId", template.id.rawValue)])
        #expect(byWorkflow == listed)
    }

    @Test("tasks started between two pages never make one appear twice")
    func pagingWhileTasksStart() async throws {
        let template = try await h.template()
        let media = try await h.media()
        var original: [String] = []
        for _ in 0..<7 {
            let answer = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id))])
            original.append(try #require(answer["TaskId"] as? String))
        }
        let first = try await h.call("ListWorkflowTasks", [("MaxResults", "3")])
        var seen = try #require(first["TaskList"] as? [[String: Any]]).compactMap { $0["TaskId"] as? String }
        var token = first["NextToken"] as? String
        for _ in 0..<2 {
            _ = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(media.id))])
        }
        while let next = token {
            let page = try await h.call("ListWorkflowTasks", [("MaxResults", "3"), ("NextToken", next)])
            #expect(page.status == 200, "\(page.text)")
            seen += try #require(page["TaskList"] as? [[String: Any]]).compactMap { $0["TaskId"] as? String }
            token = page["NextToken"] as? String
        }
        #expect(seen.count == 7 && Set(seen) == Set(original), "each task made before the first page, once: \(seen)")
    }

    @Test func aForgedNextTokenIsRefused() async throws {
        for token in ["eApub3Q", "MTIzLXh5ego"] {  // "x\nnot", "123-xyz\n"
            let answer = try await h.call("ListWorkflowTasks", [("NextToken", token)])
            #expect(answer.status == 400 && answer.code == "InvalidParameter", "\(token): \(answer.text)")
        }
    }
}
