import FloeCore
import Foundation
import Testing

/// Who owns a template and who sees it.
@Suite struct TemplateOwnershipTests {
    @Test func ownershipOfTemplates() throws {
        let document = try TemplateDocument.parse("""
            Name: t
            Activities: {Start: {Type: Start}, End: {Type: End}}
            Dependencies: {Start: [End]}
            """)
        let common = WorkflowTemplate(document: document, accountID: try AccountID("7"), now: Date())
        #expect(throws: Never.self) { try common.checkOwnership() }
        #expect(common.isVisible(to: try AccountID("7")))
        #expect(!common.isVisible(to: try AccountID("8")))
        let system = try #require(SystemTemplates.all.first)
        #expect(throws: Never.self) { try system.checkOwnership() }
        #expect(system.isVisible(to: try AccountID("8")))
    }
}
