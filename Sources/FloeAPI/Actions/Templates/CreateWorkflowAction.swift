import FloeCore

/// `CreateWorkflow`, Floe's own (IMS manages templates only in its console): `Template` (required: the
/// document, JSON or YAML) and `Status` (`Active`, the default, or `Inactive`) → `{RequestId, WorkflowId,
/// Workflow}`, `Workflow` as `GetWorkflow` shows it; and `OverlappingWorkflows` (`[{WorkflowId, Name,
/// InputLocation}]`) when the new template triggers (Active, Automatic) on a bound location that is a prefix
/// of another of the account's triggering templates', or the reverse: one file would start both. Saving
/// succeeds all the same.
///
/// A template the parser refuses is `InvalidParameter` (Template) with its message; a `Name` another of the
/// account's templates has is `WorkflowNameExists` (409); an account at its limit is `QuotaExceeded.Workflow`
/// (403).
public struct CreateWorkflowAction: RPCAction {
    /// The action name.
    public static let name = "CreateWorkflow"

    let catalog: TemplateCatalog

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        guard let document = try TemplateCatalog.document(parameters) else { throw APIError.missingParameter("Template") }
        let status = try parameters.choice("Status", TemplateCatalog.statuses) ?? .active
        let saved = try await catalog.create(document, status: status, caller: caller)
        return [
            "WorkflowId": .string(saved.template.id.rawValue),
            "Workflow": .object(WorkflowTemplateView.members(saved.template, document: true)),
        ].merging(TemplateCatalog.overlapMembers(saved)) { first, _ in first }
    }
}
