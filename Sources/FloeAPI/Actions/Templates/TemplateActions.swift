import FloeEngine

/// The template actions of the endpoint, Floe's own: IMS manages workflow templates only in its console.
public enum TemplateActions {
    /// How many Common templates one account may have, unless told otherwise.
    public static let defaultMaximumTemplatesPerAccount = 1000

    /// `CreateWorkflow`, `UpdateWorkflow`, `GetWorkflow`, `ListWorkflows` and `DeleteWorkflow` over `store`,
    /// with at most `maximumTemplatesPerAccount` Common templates per account, each naming only buckets its
    /// account may use (`buckets`).
    public static func all(store: any WorkflowStore, buckets: any BucketAccessPolicy,
                           maximumTemplatesPerAccount: Int = defaultMaximumTemplatesPerAccount) -> [any RPCAction] {
        let catalog = TemplateCatalog(store: store, buckets: buckets, maximumPerAccount: maximumTemplatesPerAccount)
        return [
            CreateWorkflowAction(catalog: catalog),
            UpdateWorkflowAction(catalog: catalog),
            GetWorkflowAction(catalog: catalog),
            ListWorkflowsAction(catalog: catalog),
            DeleteWorkflowAction(catalog: catalog),
        ]
    }
}
