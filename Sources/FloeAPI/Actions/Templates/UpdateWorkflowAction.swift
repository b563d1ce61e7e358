import FloeCore

/// `UpdateWorkflow`, Floe's own: `WorkflowId` (required), `Template` (replaces the name and the graph) and
/// `Status`, at least one of the two (else `MissingParameter` naming Template) → `{RequestId, WorkflowId}`, with
/// `OverlappingWorkflows` as `CreateWorkflow` has it when the saved template's bound location overlaps another's.
///
/// `ModifiedTime` becomes now, `CreateTime` stays; tasks already started keep their copy of the graph.
/// A System template is `Forbidden.SystemWorkflow` (403); an unknown one, or another account's,
/// `EntityNotExist.Workflow` (404); a new `Name` another of the account's templates has, `WorkflowNameExists`.
public struct UpdateWorkflowAction: RPCAction {
    /// The action name.
    public static let name = "UpdateWorkflow"

    let catalog: TemplateCatalog

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let id = try parameters.required("WorkflowId")
        let document = try TemplateCatalog.document(parameters)
        let status = try parameters.choice("Status", TemplateCatalog.statuses)
        guard document != nil || status != nil else { throw APIError.missingParameter("Template") }
        let saved = try await catalog.update(id, document: document, status: status, caller: caller)
        return ["WorkflowId": .string(saved.template.id.rawValue)].merging(TemplateCatalog.overlapMembers(saved)) { first, _ in first }
    }
}
