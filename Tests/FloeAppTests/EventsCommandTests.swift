import FloeCore
import FloeEngine
import FloeStoreSQLite
import FloeTesting
import Foundation
import Testing

/// `floe events list|replay` on a data folder, as a user runs them.
@Suite struct EventsCommandTests {
    let cli = CommandLineTests()

    @Test func aDeadEventIsListedAndReplayed() async throws {
        let data = cli.dataDirectory()
        let empty = try await cli.floe(["events", "list", "--data-dir", data])
        #expect(empty.status == 0 && empty.output.isEmpty, "\(empty.output)")

        // A task of the data folder's account whose event went dead.
        let store = try SQLiteWorkflowStore(path: URL(filePath: data).appending(path: "floe.sqlite").path)
        let account = try #require(try await store.accounts().first?.id)
        let template = Samples.template(at: Date())
        try await store.saveTemplate(template)
        let media = Samples.media(at: Date(), accountID: account)
        try await store.createMedia(media)
        let task = Samples.task(of: template, on: media, at: Date(), userData: #"{"NotifyAddress":"https://example.com/hook"}"#)
        try await store.createTask(task, now: Date())
        _ = try await store.cancelTask(task.id, now: Date())
        let event = try #require(try await store.claimEvents(owner: "t", limit: 1, leaseDuration: .seconds(30), now: Date()).first)
        try await store.finishDelivery(event.id, owner: "t", outcome: .dead(error: "HTTP 503"), now: Date())

        let dead = try await cli.floe(["events", "list", "--data-dir", data])
        #expect(dead.status == 0 && dead.output.hasPrefix("\(event.id)  Dead  "), "\(dead.output)")
        #expect(dead.output.contains(task.id.rawValue) && dead.output.contains("HTTP 503"))
        let replayed = try await cli.floe(["events", "replay", event.id.rawValue, "--data-dir", data])
        #expect(replayed.status == 0 && replayed.output == "\(event.id) Pending\n", "\(replayed.output)")
        let pending = try await cli.floe(["events", "list", "--state", "Pending", "--data-dir", data])
        #expect(pending.output.hasPrefix("\(event.id)  Pending  "), "\(pending.output)")
        let again = try await cli.floe(["events", "replay", event.id.rawValue, "--data-dir", data])
        #expect(again.status != 0 && again.output.contains("EntityNotExist.CallbackEvent"), "only a dead event replays: \(again.output)")
    }

    @Test func badInputIsRefusedWithAMessage() async throws {
        let data = cli.dataDirectory()
        let malformed = try await cli.floe(["events", "replay", "not-an-id", "--data-dir", data])
        #expect(malformed.status != 0 && malformed.output.contains("not a valid event id"), "\(malformed.output)")
        let state = try await cli.floe(["events", "list", "--state", "Lost", "--data-dir", data])
        #expect(state.status != 0 && state.output.contains("State"), "\(state.output)")
    }
}
