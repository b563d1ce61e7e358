import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// Starting tasks: template and input checks, and one media asset per file.
@Suite struct WorkflowLauncherTests {
    @Test func concurrentStartsOnOneFileShareOneMediaAsset() async throws {
        let harness = try EngineHarness()
        let template = WorkflowTemplate(document: try TemplateDocument.parse(diamondYAML), accountID: Samples.account, now: Date())
        try await harness.store.saveTemplate(template)
        let input = try StorageLocation(parsing: "oss://uploads/same.mp4")
        let launcher = WorkflowLauncher(store: harness.store)
        let tasks = try await withThrowingTaskGroup(of: WorkflowTask.self) { group in
            for _ in 0..<8 { group.addTask { try await launcher.start(workflowID: template.id, input: .oss(input), accountID: Samples.account, now: Date()) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(tasks.count == 8)
        #expect(Set(tasks.map(\.mediaID)).count == 1)
    }

    @Test func startRejectsUnknownOrInactiveTemplatesAndBadUserData() async throws {
        let harness = try EngineHarness()
        let launcher = WorkflowLauncher(store: harness.store)
        let input = TaskInput.oss(try StorageLocation(parsing: "oss://uploads/a.mp4"))
        let unknown = await #expect(throws: FloeError.self) { try await launcher.start(workflowID: .generate(), input: input, accountID: Samples.account, now: Date()) }
        #expect(unknown?.message.contains("does not exist") == true)
        var template = WorkflowTemplate(document: try TemplateDocument.parse(diamondYAML), accountID: Samples.account, now: Date())
        try await harness.store.saveTemplate(template)
        for userData in [String(repeating: "x", count: 513), "not json", "[1]"] {
            let error = await #expect(throws: FloeError.self) {
                try await launcher.start(workflowID: template.id, input: input, accountID: Samples.account, userData: userData, now: Date())
            }
            #expect(error?.code == .invalidParameter)
        }
        _ = try await launcher.start(workflowID: template.id, input: input, accountID: Samples.account, userData: #"{"NotifyAddress":"https://example.com/cb"}"#, now: Date())
        let unknownMedia = await #expect(throws: FloeError.self) { try await launcher.start(workflowID: template.id, input: .media(.generate()), accountID: Samples.account, now: Date()) }
        #expect(unknownMedia?.message.contains("does not exist") == true)
        #expect(unknownMedia?.code == .invalidParameter)
        template.status = .inactive
        try await harness.store.saveTemplate(template)
        let inactive = await #expect(throws: FloeError.self) { try await launcher.start(workflowID: template.id, input: input, accountID: Samples.account, now: Date()) }
        #expect(inactive?.message.contains("Inactive") == true)
    }
}

/// Starting tasks across accounts.
@Suite struct WorkflowLauncherAccountTests {
    @Test func anotherAccountsTemplateAndMediaDoNotExistForTheCaller() async throws {
        let harness = try EngineHarness()
        let launcher = WorkflowLauncher(store: harness.store)
        let theirs = WorkflowTemplate(document: try TemplateDocument.parse(diamondYAML), accountID: Samples.otherAccount, now: Date())
        try await harness.store.saveTemplate(theirs)
        let input = TaskInput.oss(try StorageLocation(parsing: "oss://uploads/shared.mp4"))
        let template = await #expect(throws: FloeError.self) {
            try await launcher.start(workflowID: theirs.id, input: input, accountID: Samples.account, now: Date())
        }
        #expect(template?.message == "workflow \(theirs.id) does not exist")

        let theirTask = try await launcher.start(workflowID: theirs.id, input: input, accountID: Samples.otherAccount, now: Date())
        let system = try #require(SystemTemplates.all.first)
        try await harness.store.saveTemplate(system)
        let foreignMedia = await #expect(throws: FloeError.self) {
            try await launcher.start(workflowID: system.id, input: .media(theirTask.mediaID), accountID: Samples.account, now: Date())
        }
        #expect(foreignMedia?.message == "media \(theirTask.mediaID) does not exist")
        #expect(foreignMedia?.code == .invalidParameter)
        #expect(try await harness.store.tasks(TaskQuery(accountID: Samples.account)).items.isEmpty)

        // The same OSS file, started by the caller on a System template, is the caller's own media asset.
        let mine = try await launcher.start(workflowID: system.id, input: input, accountID: Samples.account, now: Date())
        #expect(mine.accountID == Samples.account)
        #expect(mine.mediaID != theirTask.mediaID)
        #expect(try await harness.store.media(mine.mediaID)?.accountID == Samples.account)
    }
}
