import FloeCore

/// The wire form of a workflow template: the `Workflow` object of `GetWorkflow` and `CreateWorkflow`, and the
/// `Workflows` items of `ListWorkflows` (the same object without `Template`). Every member is a string.
enum WorkflowTemplateView {
    /// `WorkflowId`, `Name`, `Type`, `Status`, `CreateTime`, `ModifiedTime`: the members a task's `Workflow`
    /// object shares with a template's.
    static func summary(_ template: WorkflowTemplate) -> [String: JSONValue] {
        [
            "WorkflowId": .string(template.id.rawValue),
            "Name": .string(template.name),
            "Type": .string(template.kind.rawValue),
            "Status": .string(template.status.rawValue),
            "CreateTime": .string(WireTime.string(template.createTime)),
            "ModifiedTime": .string(WireTime.string(template.modifiedTime)),
        ]
    }

    /// The ``summary(_:)`` plus how the input is bound: `MediaType` (`OSS` when `Start` binds an
    /// `InputLocation`, else `Media`), `TriggerMode`, `InputLocation` (when bound) and, with `document`,
    /// `Template`: the template as JSON text, which ``TemplateDocument/parse(_:)`` reads back.
    static func members(_ template: WorkflowTemplate, document: Bool) -> [String: JSONValue] {
        var members = summary(template)
        let start = template.topology.startParameters
        members["MediaType"] = .string(start.inputLocation == nil ? "Media" : "OSS")
        members["TriggerMode"] = .string(start.triggerMode.rawValue)
        if let location = start.inputLocation { members["InputLocation"] = .string(location.description) }
        if document { members["Template"] = .string(template.document.jsonText) }
        return members
    }
}
