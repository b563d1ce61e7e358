import FloeCore
import FloeEngine

/// What the template actions share: lookups scoped to the caller's account, the `Template` and `Status`
/// parameters, and writes that keep an account's Common template names unique and their number within a limit.
///
/// Names and the limit are checked against the store and then written, so writes run one at a time (a
/// ``SerialGate``): two concurrent `CreateWorkflow` calls cannot both take one name. The gate is per process;
/// API processes that share one store do not share it.
struct TemplateCatalog: Sendable {
    /// `Template` may have at most this many bytes of UTF-8.
    static let maximumTemplateBytes = 64 * 1024
    /// The values `Status` takes.
    static let statuses: [WorkflowTemplate.Status] = [.active, .inactive]

    let store: any WorkflowStore
    /// Which buckets an account's templates may name.
    let buckets: any BucketAccessPolicy
    /// How many Common templates one account may have.
    let maximumPerAccount: Int
    let gate = SerialGate()

    /// The `Template` parameter as a validated document, `nil` when absent. Throws `InvalidParameter`
    /// (Template) with the parser's message, which names the activity and the field at fault.
    static func document(_ parameters: ActionParameters) throws(APIError) -> TemplateDocument? {
        guard let text = parameters.string("Template") else { return nil }
        guard text.utf8.count <= maximumTemplateBytes else {
            throw .invalidParameter("Template", "it is \(text.utf8.count) bytes; at most \(maximumTemplateBytes) are allowed.")
        }
        do {
            return try TemplateDocument.parse(text)
        } catch {
            throw .invalidParameter("Template", error.message)
        }
    }

    /// The template `text` names, when `caller` may see it (a System template or one of the caller's account);
    /// `EntityNotExist.Workflow` for a malformed id, an unknown template and another account's alike.
    func template(_ text: String, of caller: Caller) async throws -> WorkflowTemplate {
        guard let id = try? WorkflowID(text), let template = try await store.template(id),
              template.isVisible(to: caller.accountID)
        else { throw APIError.workflowNotFound(text) }
        return template
    }

    /// ``template(_:of:)``, for a change: a System template is `Forbidden.SystemWorkflow`.
    func changeableTemplate(_ text: String, of caller: Caller) async throws -> WorkflowTemplate {
        let template = try await template(text, of: caller)
        guard template.kind == .common else { throw APIError.systemWorkflow(template.id.rawValue) }
        return template
    }

    /// A saved template and the caller's other templates it overlaps (``overlapping(_:among:)``).
    struct Saved: Sendable {
        var template: WorkflowTemplate
        var overlapping: [WorkflowTemplate]
    }

    /// Saves a new Common template of the caller's account, made now. `WorkflowNameExists` when another of the
    /// account's templates has its name, `QuotaExceeded.Workflow` when the account has ``maximumPerAccount``.
    func create(_ document: TemplateDocument, status: WorkflowTemplate.Status, caller: Caller) async throws -> Saved {
        try await requireBuckets(of: document.topology, caller: caller)
        return try await gate.run {
            let existing = try await commonTemplates(of: caller.accountID)
            guard !existing.contains(where: { $0.name == document.name }) else { throw APIError.workflowNameExists(document.name) }
            guard existing.count < maximumPerAccount else { throw APIError.workflowQuotaExceeded(limit: maximumPerAccount) }
            var template = WorkflowTemplate(document: document, accountID: caller.accountID, now: caller.now)
            template.status = status
            try await store.saveTemplate(template)
            return Saved(template: template, overlapping: Self.overlapping(template, among: existing))
        }
    }

    /// The templates of `others` that trigger (Active, Automatic, bound) on a location that overlaps
    /// `template`'s, when `template` triggers too: one bound location is a prefix of the other, so one file
    /// would start both. Saving such a template succeeds; the response names them.
    static func overlapping(_ template: WorkflowTemplate, among others: [WorkflowTemplate]) -> [WorkflowTemplate] {
        guard let binding = Trigger.binding(template) else { return [] }
        return others.filter { other in
            guard other.id != template.id, let theirs = Trigger.binding(other) else { return false }
            return binding.rule.overlaps(theirs.rule)
        }
    }

    /// `OverlappingWorkflows` of a response: `[{WorkflowId, Name, InputLocation}]`, or nothing when empty.
    static func overlapMembers(_ saved: Saved) -> [String: JSONValue] {
        guard !saved.overlapping.isEmpty else { return [:] }
        return ["OverlappingWorkflows": .array(saved.overlapping.map { other in
            .object([
                "WorkflowId": .string(other.id.rawValue),
                "Name": .string(other.name),
                "InputLocation": .string(other.topology.startParameters.inputLocation?.description ?? ""),
            ])
        })]
    }

    /// Replaces the name and graph of the caller's template `text` with `document`, and its status with
    /// `status`, those given; its `ModifiedTime` becomes now. Tasks already made keep their copy of the graph.
    func update(_ text: String, document: TemplateDocument?, status: WorkflowTemplate.Status?,
                caller: Caller) async throws -> Saved {
        if let document { try await requireBuckets(of: document.topology, caller: caller) }
        return try await gate.run {
            var template = try await changeableTemplate(text, of: caller)
            if let document {
                if document.name != template.name {
                    let existing = try await commonTemplates(of: caller.accountID)
                    guard !existing.contains(where: { $0.name == document.name }) else {
                        throw APIError.workflowNameExists(document.name)
                    }
                }
                template.name = document.name
                template.topology = document.topology
            }
            if let status { template.status = status }
            template.modifiedTime = caller.now
            try await store.saveTemplate(template)
            let others = Trigger.binding(template) == nil ? [] : try await commonTemplates(of: caller.accountID)
            return Saved(template: template, overlapping: Self.overlapping(template, among: others))
        }
    }

    /// Throws `InvalidParameter` (Template) unless the caller's account may use every bucket `topology` names
    /// (its bound input location and its output locations).
    func requireBuckets(of topology: WorkflowTopology, caller: Caller) async throws {
        for bucket in topology.buckets.sorted() {
            try await buckets.require(bucket, parameter: "Template", caller: caller)
        }
    }

    /// Deletes the caller's template `text` and returns it. Tasks already made keep running.
    func delete(_ text: String, caller: Caller) async throws -> WorkflowTemplate {
        try await gate.run {
            let template = try await changeableTemplate(text, of: caller)
            guard try await store.deleteTemplate(template.id) else { throw APIError.workflowNotFound(text) }
            return template
        }
    }

    /// Every Common template of `account`.
    func commonTemplates(of account: AccountID) async throws -> [WorkflowTemplate] {
        var templates: [WorkflowTemplate] = []
        var token: String?
        repeat {
            let page = try await store.templates(PageRequest(limit: 100, token: token), accountID: account)
            templates += page.items.filter { $0.accountID == account }
            token = page.nextToken
        } while token != nil
        return templates
    }
}
