import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    static func taskIsolation(_ store: any WorkflowStore) async throws {
        let mine = Samples.template(accountID: Samples.account)
        let theirs = Samples.template(accountID: Samples.otherAccount)
        try await store.saveTemplate(mine)
        try await store.saveTemplate(theirs)
        var made: [AccountID: Set<TaskID>] = [:]
        for index in 0..<6 {
            let account = index.isMultiple(of: 2) ? Samples.account : Samples.otherAccount
            let media = Samples.media(at: Samples.time(index), accountID: account)
            try await store.createMedia(media)
            let task = Samples.task(of: account == Samples.account ? mine : theirs, on: media, at: Samples.time(index))
            try await store.createTask(task, now: Samples.time(index))
            made[account, default: []].insert(task.id)
        }
        for account in [Samples.account, Samples.otherAccount] {
            let listed = try await store.tasks(TaskQuery(accountID: account, page: PageRequest(limit: 100))).items
            #expect(Set(listed.map(\.id)) == made[account])
            #expect(listed.allSatisfy { $0.accountID == account })
            // Another account's template id finds nothing in this account's list.
            let other = account == Samples.account ? theirs : mine
            #expect(try await store.tasks(TaskQuery(accountID: account, workflowID: other.id)).items.isEmpty)
        }
        #expect(try await store.tasks(TaskQuery(page: PageRequest(limit: 100))).items.count == 6)
        #expect(try await store.tasks(TaskQuery(accountID: try AccountID("3"))).items.isEmpty)

        // A task must be on a media asset of its own account.
        let foreign = Samples.media(accountID: Samples.otherAccount)
        try await store.createMedia(foreign)
        var task = Samples.task(of: mine, on: foreign)
        task.accountID = Samples.account
        let error = await #expect(throws: FloeError.self) { try await store.createTask(task, now: Samples.epoch) }
        #expect(error?.code == .notFound)
    }

    static func templateIsolation(_ store: any WorkflowStore) async throws {
        let system = WorkflowTemplate(id: .generate(), name: "preset", kind: .system, accountID: nil,
                                      topology: Samples.diamond, createTime: Samples.epoch, modifiedTime: Samples.epoch)
        let mine = Samples.template(name: "mine", accountID: Samples.account)
        let theirs = Samples.template(name: "theirs", accountID: Samples.otherAccount)
        for template in [system, mine, theirs] { try await store.saveTemplate(template) }

        #expect(try await store.template(system.id) == system)
        #expect(try await store.templates(PageRequest(), accountID: Samples.account).items
            == [system, mine].sorted { $0.id < $1.id })
        #expect(try await store.templates(PageRequest(), accountID: Samples.otherAccount).items
            == [system, theirs].sorted { $0.id < $1.id })
        #expect(try await store.templates(PageRequest(), accountID: try AccountID("3")).items == [system])
        #expect(try await store.templates(PageRequest()).items.count == 3)

        // Paging within one account's view.
        let first = try await store.templates(PageRequest(limit: 1), accountID: Samples.account)
        let second = try await store.templates(PageRequest(limit: 1, token: first.nextToken), accountID: Samples.account)
        #expect(first.items.count == 1 && second.items.count == 1 && second.nextToken == nil)
        #expect(first.items + second.items == [system, mine].sorted { $0.id < $1.id })

        // A System template has no owner; a Common one has one.
        var ownedSystem = system
        ownedSystem.accountID = Samples.account
        var orphan = mine
        orphan.accountID = nil
        for bad in [ownedSystem, orphan] {
            let error = await #expect(throws: FloeError.self) { try await store.saveTemplate(bad) }
            #expect(error?.code == .invalidParameter)
        }
    }

    static func mediaIsolation(_ store: any WorkflowStore) async throws {
        let input = Samples.location("shared/clip.mp4")
        let mine = Samples.media(accountID: Samples.account, input: input)
        let theirs = Samples.media(accountID: Samples.otherAccount, input: input)
        try await store.createMedia(mine)
        try await store.createMedia(theirs)
        #expect(mine.id != theirs.id)
        #expect(try await store.media(inputURL: input, accountID: Samples.account) == mine)
        #expect(try await store.media(inputURL: input, accountID: Samples.otherAccount) == theirs)
        #expect(try await store.media(inputURL: input, accountID: try AccountID("3")) == nil)
        let again = await #expect(throws: FloeError.self) {
            try await store.createMedia(Samples.media(accountID: Samples.account, input: input))
        }
        #expect(again?.code == .conflict)
    }
}
