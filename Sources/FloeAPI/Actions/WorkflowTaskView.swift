import FloeCore
import FloeEngine
import Foundation

/// The wire form of a task (spec §3.3): the `WorkflowTask` object of `GetWorkflowTask` and the `TaskList`
/// items of `ListWorkflowTasks`, with the SDK models' field names and JSON types (every field a string).
enum WorkflowTaskView {
    /// The task's members. `template` is the task's template when it still exists; the task's copy of its
    /// id and name stands in otherwise. `listItem` adds `Workflow.MediaType`, which only lists carry.
    static func members(_ task: WorkflowTask, template: WorkflowTemplate?, listItem: Bool) -> [String: JSONValue] {
        var members: [String: JSONValue] = [
            "TaskId": .string(task.id.rawValue),
            "Status": .string(task.status.rawValue),
            "TaskInput": .string(task.input.jsonText),
            "CreateTime": .string(WireTime.string(task.createTime)),
            "Workflow": .object(workflow(task, template: template, listItem: listItem)),
        ]
        if let userData = task.userData { members["UserData"] = .string(userData) }
        if task.status.isTerminal, let finishTime = task.finishTime {
            members["FinishTime"] = .string(WireTime.string(finishTime))
        }
        return members
    }

    static func workflow(_ task: WorkflowTask, template: WorkflowTemplate?, listItem: Bool) -> [String: JSONValue] {
        var members = template.map(WorkflowTemplateView.summary)
            ?? ["WorkflowId": .string(task.workflowID.rawValue), "Name": .string(task.workflowName)]
        if listItem {
            switch task.input {
            case .media: members["MediaType"] = .string("Media")
            case .oss: members["MediaType"] = .string("OSS")
            }
        }
        return members
    }

    /// `ActivityResults`: a JSON object keyed by activity name, each
    /// `{Status, StartTime, EndTime, ActivityId, ActivityInstanceId, Result}`, as text.
    static func activityResults(_ runs: [ActivityRun]) -> String {
        var results: [String: JSONValue] = [:]
        for run in runs {
            var members: [String: JSONValue] = [
                "Status": .string(run.status.rawValue),
                "ActivityId": .string(run.name),
                "ActivityInstanceId": .string("\(run.taskID.rawValue)-\(run.name)"),
                "Type": .string(run.definition.type),
            ]
            if let startTime = run.startTime { members["StartTime"] = .string(WireTime.string(startTime)) }
            if let endTime = run.endTime { members["EndTime"] = .string(WireTime.string(endTime)) }
            if let progress = run.progress, !run.status.isTerminal { members["Progress"] = .number(progress) }
            var result: [String: JSONValue] = [:]
            if let outcome = run.result {
                result["Files"] = .array(outcome.files.map { file in
                    .object(["FileURL": .string(file.location.description), "FileType": .string(file.fileType.rawValue)])
                })
                if let data = outcome.data { result["Data"] = data }
            }
            if let error = run.error {
                result["ErrorCode"] = .string(error.code.rawValue)
                result["ErrorMessage"] = .string(error.message)
            }
            members["Result"] = .object(result)
            results[run.name] = .object(members)
        }
        return JSONValue.object(results).jsonText
    }
}
