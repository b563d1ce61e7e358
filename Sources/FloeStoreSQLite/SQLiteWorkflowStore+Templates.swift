import FloeCore
import FloeEngine
import GRDB

extension SQLiteWorkflowStore {
    public func saveTemplate(_ template: WorkflowTemplate) async throws {
        try template.checkOwnership()
        let record = try TemplateRecord(template)
        try await write { db in try record.upsert(db) }
    }

    public func template(_ id: WorkflowID) async throws -> WorkflowTemplate? {
        try await read { db in
            try TemplateRecord.fetchOne(db, id: id.rawValue)?.model()
        }
    }

    public func templates(_ page: PageRequest, accountID: AccountID?) async throws -> Page<WorkflowTemplate> {
        let after = try page.token.map { token throws(FloeError) in try PageToken.decodeTemplate(token) }
        let limit = page.limit
        return try await read { db in
            let records = try TemplateRecord.fetchAll(db.cachedStatement(sql: """
                    SELECT * FROM template WHERE id > ? AND (? IS NULL OR accountID IS NULL OR accountID = ?)
                    ORDER BY id LIMIT ?
                    """),
                arguments: [after?.rawValue ?? "", accountID?.rawValue, accountID?.rawValue, limit + 1]
            )
            let items = try records.prefix(limit).map { try $0.model() }
            let next = records.count > limit ? items.last.map { PageToken.encode(template: $0.id) } : nil
            return Page(items: items, nextToken: next)
        }
    }

    public func deleteTemplate(_ id: WorkflowID) async throws -> Bool {
        try await write { db in try TemplateRecord.deleteOne(db, key: id.rawValue) }
    }
}
