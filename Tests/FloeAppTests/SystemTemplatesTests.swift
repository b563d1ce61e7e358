import FloeApp
import FloeCore
import FloeEngine
import Foundation
import Testing

@Suite struct SystemTemplatesTests {
    @Test func fourSystemTemplatesWithStableIDsAreInstalled() async throws {
        let harness = try await AppHarness()
        let installed = try await harness.app.templates().filter { $0.kind == .system }
        #expect(installed.map(\.id.rawValue).sorted() == [
            "a0000000000000000000000000000001", "a0000000000000000000000000000002", "a0000000000000000000000000000003",
            "a0000000000000000000000000000004",
        ])
        #expect(installed.map(\.name).sorted() == ["HLS ABR", "audio-to-mp3", "mp4-renditions-and-cover", "snapshots"])
        for template in installed {
            #expect(throws: Never.self) { try template.topology.validate() }
            #expect(template.status == .active)
        }
    }

    @Test func startingAgainRestoresAChangedSystemTemplateWithoutDuplicating() async throws {
        let harness = try await AppHarness()
        var changed = try #require(await harness.app.store.template(SystemTemplates.snapshotsID))
        changed.status = .inactive
        try await harness.app.store.saveTemplate(changed)
        let reopened = try await FloeApplication(configuration: harness.app.configuration)
        let restored = try #require(await reopened.store.template(SystemTemplates.snapshotsID))
        #expect(restored.status == .active)
        #expect(try await reopened.templates().count == SystemTemplates.all.count)
    }

    @Test func aTemplateFileIsSavedOncePerName() async throws {
        let harness = try await AppHarness()
        let file = harness.folder.appending(path: "mine.yaml")
        let yaml = """
        Name: mine
        Activities: {Start: {Type: Start}, probe: {Type: MediaInfo}, End: {Type: End}}
        Dependencies: {Start: [probe], probe: [End]}
        """
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let first = try await harness.app.template(file.path)
        let again = try await harness.app.template(file.path)
        #expect(first.id == again.id)
        #expect(first.kind == .common)
        let edited = yaml.replacingOccurrences(of: "probe: {Type: MediaInfo}", with: "probe: {Type: Snapshot}")
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let updated = try await harness.app.template(file.path)
        #expect(updated.id == first.id, "a changed file updates the template of the same name")
        #expect(updated.topology.activities["probe"]?.kind == .snapshot)
        let mine = try await harness.app.templates().filter { $0.name == "mine" }
        #expect(mine.count == 1)
        await #expect(throws: FloeError.self) { try await harness.app.template("/no/such/file.yaml") }
    }
}
