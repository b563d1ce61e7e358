import FloeCore
import FloeEngine

/// `CancelWorkflowTask`, Floe's own (IMS has none): `TaskId` → `{RequestId, TaskId}`. A task that has
/// ended is `IncorrectTaskStatus` (409); another account's task is not found, like an unknown one.
public struct CancelWorkflowTaskAction: RPCAction {
    /// The action name.
    public static let name = "CancelWorkflowTask"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let task = try await GetWorkflowTaskAction.task(try parameters.required("TaskId"), of: caller, in: store)
        guard !task.status.isTerminal else { throw APIError.taskEnded(task.id.rawValue, status: task.status.rawValue) }
        do {
            try await store.cancelTask(task.id, now: caller.now)
        } catch let error as FloeError where error.code == .conflict {
            // It ended between the read and the cancel.
            let status = try await store.task(task.id)?.status.rawValue ?? "ended"
            throw APIError.taskEnded(task.id.rawValue, status: status)
        }
        return ["TaskId": .string(task.id.rawValue)]
    }
}
