import FloeCore
import FloeEngine
import PostgresNIO

extension PostgresWorkflowStore {
    public func saveTemplate(_ template: WorkflowTemplate) async throws {
        try template.checkOwnership()
        let query = try TemplateRow.insertOrReplace(template)
        try await write { session in try await session.execute(query) }
    }

    public func template(_ id: WorkflowID) async throws -> WorkflowTemplate? {
        try await read { session in
            try await session.rows("SELECT * FROM template WHERE id = \(id.rawValue)").first.map(TemplateRow.model)
        }
    }

    public func templates(_ page: PageRequest, accountID: AccountID?) async throws -> Page<WorkflowTemplate> {
        let after = try page.token.map { token throws(FloeError) in try PageToken.decodeTemplate(token) }
        let limit = page.limit
        let account = accountID?.rawValue
        return try await read { session in
            let rows = try await session.rows("""
                SELECT * FROM template
                WHERE id > \(after?.rawValue ?? "") AND (\(account)::text IS NULL OR account_id IS NULL OR account_id = \(account))
                ORDER BY id LIMIT \(limit + 1)
                """)
            let items = try rows.prefix(limit).map(TemplateRow.model)
            let next = rows.count > limit ? items.last.map { PageToken.encode(template: $0.id) } : nil
            return Page(items: items, nextToken: next)
        }
    }

    public func deleteTemplate(_ id: WorkflowID) async throws -> Bool {
        try await write { session in
            try await session.count("DELETE FROM template WHERE id = \(id.rawValue) RETURNING 1") > 0
        }
    }
}
