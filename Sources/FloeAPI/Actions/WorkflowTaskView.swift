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
}
