import FloeCore

/// `DeleteWorkflow`, Floe's own: `WorkflowId` → `{RequestId, WorkflowId}`. Tasks already made keep running
/// on their copy of the graph. A System template is `Forbidden.SystemWorkflow` (403); an unknown one, or
/// another account's, `EntityNotExist.Workflow` (404).
public struct DeleteWorkflowAction: RPCAction {
    /// The action name.
    public static let name = "DeleteWorkflow"

    let catalog: TemplateCatalog

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let template = try await catalog.delete(try parameters.required("WorkflowId"), caller: caller)
        return ["WorkflowId": .string(template.id.rawValue)]
    }
}
