import FloeCore
import FloeEngine

/// `GetWorkflowTask` (spec §3.2): `TaskId` → `{RequestId, WorkflowTask}`, with `ActivityResults`.
/// Another account's task is answered exactly like an unknown one.
public struct GetWorkflowTaskAction: RPCAction {
    /// The action name.
    public static let name = "GetWorkflowTask"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let task = try await Self.task(try parameters.required("TaskId"), of: caller, in: store)
        var members = WorkflowTaskView.members(task, template: try await store.template(task.workflowID), listItem: false)
        members["ActivityResults"] = .string(ActivityResults.jsonText(try await store.activityRuns(of: task.id)))
        return ["WorkflowTask": .object(members)]
    }

    /// The task `text` of `caller`'s account. Throws `EntityNotExist.WorkflowTask` for a malformed id, an
    /// unknown task and another account's task alike.
    static func task(_ text: String, of caller: Caller, in store: any WorkflowStore) async throws -> WorkflowTask {
        guard let id = try? TaskID(text), let task = try await store.task(id), task.accountID == caller.accountID else {
            throw APIError.taskNotFound(text)
        }
        return task
    }
}
