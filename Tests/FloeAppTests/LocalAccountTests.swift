import FloeApp
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// The local account of a data folder: made on first open, the same on every later open.
@Suite struct LocalAccountTests {
    @Test func firstOpenMakesOneLocalAccountThatReopeningKeeps() async throws {
        let harness = try await AppHarness()
        let local = harness.app.localAccount
        #expect(local.rawValue.count == 16)
        #expect(try await harness.app.store.accounts().map(\.id) == [local])
        let reopened = try await FloeApplication(configuration: harness.app.configuration)
        #expect(reopened.localAccount == local)
        #expect(try await reopened.store.accounts().count == 1)
    }

    @Test func localCommandsSeeOnlyTheLocalAccountsTemplates() async throws {
        let harness = try await AppHarness()
        let foreign = Samples.template(name: "foreign", accountID: Samples.otherAccount)
        try await harness.app.store.saveTemplate(foreign)
        #expect(try await harness.app.templates().allSatisfy { $0.accountID == nil || $0.accountID == harness.app.localAccount })
        await #expect(throws: FloeError.self) { _ = try await harness.app.template(foreign.id.rawValue) }
        let unknown = await #expect(throws: FloeError.self) {
            _ = try await harness.app.launcher.start(workflowID: foreign.id, input: .oss(Samples.location("a.mp4")),
                                                     accountID: harness.app.localAccount, now: Date())
        }
        #expect(unknown?.message.contains("does not exist") == true)
    }
}
