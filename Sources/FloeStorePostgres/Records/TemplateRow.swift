import FloeCore
import FloeEngine
import PostgresNIO

/// Rows of `template`.
enum TemplateRow {
    static func insertOrReplace(_ template: WorkflowTemplate) throws -> PostgresQuery {
        let topology = try StoreValue.topologies.text(of: template.topology)
        return """
            INSERT INTO template (id, name, kind, account_id, status, topology, create_time, modified_time)
            VALUES (\(template.id.rawValue), \(template.name), \(template.kind.rawValue), \(template.accountID?.rawValue),
                    \(template.status.rawValue), \(topology), \(StoreValue.time(template.createTime)),
                    \(StoreValue.time(template.modifiedTime)))
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, account_id = excluded.account_id,
                status = excluded.status, topology = excluded.topology, create_time = excluded.create_time,
                modified_time = excluded.modified_time
            """
    }

    static func model(_ row: PostgresRow) throws -> WorkflowTemplate {
        let row = row.makeRandomAccess()
        return WorkflowTemplate(
            id: try WorkflowID(row.get("id")),
            name: try row.get("name"),
            kind: try row.enumeration("kind", table: "template"),
            accountID: try row.get("account_id", as: String?.self).map { id throws(FloeError) in
                try StoreValue.account(id, column: "template.account_id")
            },
            status: try row.enumeration("status", table: "template"),
            topology: try StoreValue.topologies.value(of: row.get("topology"), column: "template.topology"),
            createTime: try row.date("create_time"),
            modifiedTime: try row.date("modified_time")
        )
    }
}
