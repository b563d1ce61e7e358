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

    /// Reads the row's columns by name; GRDB's `Decodable` path for records costs several times more.
    init(row: Row) throws {
        id = try row.decode(String.self, forColumn: "id")
        name = try row.decode(String.self, forColumn: "name")
        kind = try row.decode(String.self, forColumn: "kind")
        accountID = try row.decode(String?.self, forColumn: "accountID")
        status = try row.decode(String.self, forColumn: "status")
        topology = try row.decode(String.self, forColumn: "topology")
        createTime = try row.decode(Int64.self, forColumn: "createTime")
        modifiedTime = try row.decode(Int64.self, forColumn: "modifiedTime")
    }

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
