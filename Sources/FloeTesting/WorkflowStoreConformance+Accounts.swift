import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    static func accountsLifecycle(_ store: any WorkflowStore) async throws {
        #expect(try await store.accounts().isEmpty)
        #expect(try await !store.accountExists(Samples.account))
        try await store.createAccount(Samples.otherAccount, now: Samples.time(1))
        try await store.createAccount(Samples.account, now: Samples.time(2))
        #expect(try await store.accountExists(Samples.account))
        // Creation order, not id order: the first account is the local one of a data folder.
        #expect(try await store.accounts() == [Account(id: Samples.otherAccount, createTime: Samples.time(1)),
                                                Account(id: Samples.account, createTime: Samples.time(2))])
        let again = await #expect(throws: FloeError.self) { try await store.createAccount(Samples.account, now: Samples.time(3)) }
        #expect(again?.code == .conflict)
        #expect(try await store.accounts().count == 2)
    }

    static func accessKeysLifecycle(_ store: any WorkflowStore) async throws {
        try await store.createAccount(Samples.account, now: Samples.epoch)
        let root = AccessKey(accountID: Samples.account, sealedSecret: "sealed-1", isRoot: true, createTime: Samples.time(1))
        let limited = AccessKey(accountID: Samples.account, sealedSecret: "sealed-2", isRoot: false,
                                policy: #"{"Version":"1","Statement":[]}"#, description: "CI", createTime: Samples.time(2))
        #expect(try await store.accessKey(root.id) == nil)
        try await store.createAccessKey(root)
        try await store.createAccessKey(limited)
        #expect(try await store.accessKey(root.id) == root)
        #expect(try await store.accessKey(limited.id) == limited)
        #expect(try await store.accessKeys(of: Samples.account) == [root, limited])

        let duplicate = await #expect(throws: FloeError.self) { try await store.createAccessKey(root) }
        #expect(duplicate?.code == .conflict)
        var badID = root
        badID.id = "AKIA0123456789abcdefghij"
        let invalid = await #expect(throws: FloeError.self) { try await store.createAccessKey(badID) }
        #expect(invalid?.code == .invalidParameter)

        try await store.setAccessKeyStatus(limited.id, .inactive)
        #expect(try await store.accessKey(limited.id)?.status == .inactive)
        try await store.setAccessKeyStatus(limited.id, .active)
        #expect(try await store.accessKey(limited.id)?.status == .active)
        let unknownStatus = await #expect(throws: FloeError.self) { try await store.setAccessKeyStatus(AccessKey.randomID(), .inactive) }
        #expect(unknownStatus?.code == .notFound)

        #expect(try await store.deleteAccessKey(limited.id))
        #expect(try await !store.deleteAccessKey(limited.id))
        #expect(try await store.accessKey(limited.id) == nil)
        #expect(try await store.accessKeys(of: Samples.account) == [root])
    }

    static func accessKeysOfUnknownAccount(_ store: any WorkflowStore) async throws {
        let key = AccessKey(accountID: Samples.otherAccount, sealedSecret: "s", isRoot: true, createTime: Samples.epoch)
        let create = await #expect(throws: FloeError.self) { try await store.createAccessKey(key) }
        #expect(create?.code == .notFound)
        let list = await #expect(throws: FloeError.self) { _ = try await store.accessKeys(of: Samples.otherAccount) }
        #expect(list?.code == .notFound)
        try await store.createAccount(Samples.otherAccount, now: Samples.epoch)
        #expect(try await store.accessKeys(of: Samples.otherAccount).isEmpty)
    }

    static func noncesOncePerKey(_ store: any WorkflowStore) async throws {
        let expires = Samples.time(900)
        #expect(try await store.useNonce("n-1", accessKeyID: "LTAIkeyA", expiresAt: expires, now: Samples.time(0)))
        #expect(try await !store.useNonce("n-1", accessKeyID: "LTAIkeyA", expiresAt: expires, now: Samples.time(1)))
        #expect(try await !store.useNonce("n-1", accessKeyID: "LTAIkeyA", expiresAt: Samples.time(2000), now: Samples.time(899)))
        // Another key's nonce is its own.
        #expect(try await store.useNonce("n-1", accessKeyID: "LTAIkeyB", expiresAt: expires, now: Samples.time(2)))
        #expect(try await store.useNonce("n-2", accessKeyID: "LTAIkeyA", expiresAt: expires, now: Samples.time(3)))
    }

    static func noncesExpire(_ store: any WorkflowStore) async throws {
        #expect(try await store.useNonce("n", accessKeyID: "LTAIkeyA", expiresAt: Samples.time(100), now: Samples.time(0)))
        #expect(try await !store.useNonce("n", accessKeyID: "LTAIkeyA", expiresAt: Samples.time(150), now: Samples.time(99)))
        // At its expiry the row is pruned, so the pair counts as new (the caller's timestamp window has closed).
        #expect(try await store.useNonce("n", accessKeyID: "LTAIkeyA", expiresAt: Samples.time(200), now: Samples.time(100)))
        #expect(try await !store.useNonce("n", accessKeyID: "LTAIkeyA", expiresAt: Samples.time(300), now: Samples.time(150)))
    }

    static func noncesConcurrent(_ store: any WorkflowStore) async throws {
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await store.useNonce("same", accessKeyID: "LTAIkeyA", expiresAt: Samples.time(900), now: Samples.epoch)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count(where: { $0 }) == 1)
    }
}
