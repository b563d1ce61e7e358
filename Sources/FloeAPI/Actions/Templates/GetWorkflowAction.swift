import FloeCore

/// `GetWorkflow`, Floe's own: `WorkflowId` → `{RequestId, Workflow}` with `WorkflowId`, `Name`, `Type`
/// (`System` or `Common`), `Status`, `CreateTime`, `ModifiedTime`, `MediaType`, `TriggerMode`,
/// `InputLocation` (when bound) and `Template` (the document as JSON text).
///
/// An unknown, malformed or another account's `WorkflowId` is `EntityNotExist.Workflow` (404).
public struct GetWorkflowAction: RPCAction {
    /// The action name.
    public static let name = "GetWorkflow"

    let catalog: TemplateCatalog

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let template = try await catalog.template(try parameters.required("WorkflowId"), of: caller)
        return ["Workflow": .object(WorkflowTemplateView.members(template, document: true))]
    }
}
