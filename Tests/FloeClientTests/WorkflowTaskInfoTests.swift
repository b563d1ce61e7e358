import FloeClient
import FloeCore
import Testing

/// Reading tasks from GetWorkflowTask and ListWorkflowTasks answers.
@Suite struct WorkflowTaskInfoTests {
    static let activityResults = """
    {"End":{"ActivityId":"End","Status":"Skipped","Type":"End","Result":{}},
     "Start":{"ActivityId":"Start","Status":"Succeed","Type":"Start","StartTime":"2025-01-01T00:00:00Z","Result":{}},
     "mp4":{"ActivityId":"mp4","Status":"Running","Type":"Transcode","Progress":42.5,"StartTime":"2025-01-01T00:00:01Z","Result":{}},
     "probe":{"ActivityId":"probe","Status":"Failed","Type":"MediaInfo","Result":{"ErrorCode":"NotMedia","ErrorMessage":"not a media file",
       "Files":[{"FileURL":"oss://out/a.json","FileType":"Report"}]}}}
    """

    @Test func aGetWorkflowTaskAnswerIsRead() throws {
        let answer: [String: JSONValue] = ["RequestId": .string("R"), "WorkflowTask": .object([
            "TaskId": .string("t1"), "Status": .string("Failed"), "TaskInput": .string(#"{"Type":"OSS"}"#),
            "CreateTime": .string("2025-01-01T00:00:00Z"), "FinishTime": .string("2025-01-01T00:00:09Z"),
            "Workflow": .object(["WorkflowId": .string("w1"), "Name": .string("web")]),
            "ActivityResults": .string(Self.activityResults),
        ])]
        let task = try WorkflowTaskInfo(getWorkflowTaskAnswer: answer)
        #expect(task.taskStatus == .failed)
        #expect(task.workflowName == "web")
        #expect(task.finishTime == "2025-01-01T00:00:09Z")
        #expect(task.activities.map(\.name) == ["End", "Start", "mp4", "probe"])
        let mp4 = try #require(task.activities.first { $0.name == "mp4" })
        #expect(mp4.activityStatus == .running)
        #expect(mp4.progress == 42.5)
        #expect(mp4.type == "Transcode")
        let probe = try #require(task.activities.first { $0.name == "probe" })
        #expect(probe.errorCode == "NotMedia")
        #expect(probe.files == [.init(url: "oss://out/a.json", type: "Report")])
        #expect(task.failure == "activity 'probe' failed: not a media file")
        #expect(task.activities.filter(\.isStructural).map(\.name) == ["End", "Start"])
    }

    @Test func listItemsHaveNoActivities() throws {
        let tasks = try WorkflowTaskInfo.list(["TaskList": .array([
            .object(["TaskId": .string("t1"), "Status": .string("Init"), "Workflow": .object(["MediaType": .string("Media")])]),
        ])])
        #expect(tasks.count == 1)
        #expect(tasks[0].activities.isEmpty)
        #expect(tasks[0].mediaType == "Media")
        #expect(tasks[0].failure == nil)
    }

    @Test func malformedAnswersAreInvalidResponses() {
        for answer: [String: JSONValue] in [
            [:],
            ["WorkflowTask": .object(["Status": .string("Init")])],
            ["WorkflowTask": .object(["TaskId": .string("t"), "Status": .string("Init"), "ActivityResults": .string("[1]")])],
        ] {
            #expect(throws: RPCClientError.self) { try WorkflowTaskInfo(getWorkflowTaskAnswer: answer) }
        }
        #expect(throws: RPCClientError.self) { try WorkflowTaskInfo.list(["TaskList": .string("no")]) }
    }
}
