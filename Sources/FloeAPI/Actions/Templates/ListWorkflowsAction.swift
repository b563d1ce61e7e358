import FloeCore

/// `ListWorkflows`, Floe's own: the caller's templates and the System ones, ordered by `WorkflowId`, filtered
/// by `Type` (`System` or `Common`), `Status` and `Name` (exact); `MaxResults` 1–100 (default 10);
/// `NextToken` → `{RequestId, Workflows, MaxResults, NextToken}`. The items are `GetWorkflow`'s object
/// without `Template`; `NextToken` is absent on the last page.
public struct ListWorkflowsAction: RPCAction {
    /// The action name.
    public static let name = "ListWorkflows"

    let catalog: TemplateCatalog

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let maxResults = try parameters.int("MaxResults", in: 1...100) ?? 10
        let kind = try parameters.choice("Type", [WorkflowTemplate.Kind.system, .common])
        let status = try parameters.choice("Status", TemplateCatalog.statuses)
        let name = parameters.string("Name")

        let store = catalog.store
        let listing = FilteredListing<WorkflowTemplate, String>(
            fetch: { page in try await store.templates(page, accountID: caller.accountID) },
            position: \.id.rawValue)
        let (found, nextToken) = try await listing.page(maxResults: maxResults, after: parameters.string("NextToken")) { template in
            (kind == nil || template.kind == kind) && (status == nil || template.status == status)
                && (name == nil || template.name == name)
        }
        var members: [String: JSONValue] = [
            "Workflows": .array(found.map { .object(WorkflowTemplateView.members($0, document: false)) }),
            "MaxResults": .number(Double(maxResults)),
        ]
        if let nextToken { members["NextToken"] = .string(nextToken) }
        return members
    }
}
