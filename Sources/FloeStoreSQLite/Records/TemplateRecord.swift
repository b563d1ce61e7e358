import FloeCore
import GRDB

/// A row of `template`.
struct TemplateRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "template"

    var id: String
    var name: String
    var kind: String
    var accountID: String?
    var status: String
    var topology: String
    var createTime: Int64
    var modifiedTime: Int64

    init(_ template: WorkflowTemplate) throws {
        id = template.id.rawValue
        name = template.name
        kind = template.kind.rawValue
        accountID = template.accountID?.rawValue
        status = template.status.rawValue
        topology = try SQLiteValue.topologies.text(of: template.topology)
        createTime = SQLiteValue.time(template.createTime)
        modifiedTime = SQLiteValue.time(template.modifiedTime)
    }

    func model() throws -> WorkflowTemplate {
        WorkflowTemplate(
            id: try WorkflowID(id),
            name: name,
            kind: try SQLiteValue.enumeration(WorkflowTemplate.Kind.self, kind, column: "template.kind"),
            accountID: try accountID.map { id throws(FloeError) in try SQLiteValue.account(id, column: "template.accountID") },
            status: try SQLiteValue.enumeration(WorkflowTemplate.Status.self, status, column: "template.status"),
            topology: try SQLiteValue.topologies.value(of: topology, column: "template.topology"),
            createTime: SQLiteValue.date(createTime),
            modifiedTime: SQLiteValue.date(modifiedTime)
        )
    }
}
