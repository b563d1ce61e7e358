import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// The bucket cases, listed in ``cases``.
    static let bucketCases: [Case] = [
        Case("buckets: create, get, list per account, delete", bucketsLifecycle),
        Case("buckets: a name is taken once, across accounts; bad names and unknown accounts are refused", bucketsConflicts),
        Case("buckets: 8 concurrent creates of one name, exactly one succeeds", bucketsConcurrent),
    ]

    static func bucketsLifecycle(_ store: any WorkflowStore) async throws {
        try await store.createAccount(Samples.account, now: Samples.epoch)
        try await store.createAccount(Samples.otherAccount, now: Samples.epoch)
        #expect(try await store.bucket(named: "media") == nil)
        let media = Bucket(name: "media", accountID: Samples.account, createTime: Samples.time(1))
        let archive = Bucket(name: "archive", accountID: Samples.account, createTime: Samples.time(2))
        let theirs = Bucket(name: "theirs", accountID: Samples.otherAccount, createTime: Samples.time(3))
        for bucket in [media, archive, theirs] { try await store.createBucket(bucket) }
        #expect(try await store.bucket(named: "media") == media)
        #expect(try await store.buckets(of: Samples.account) == [archive, media])
        #expect(try await store.buckets(of: Samples.otherAccount) == [theirs])
        #expect(try await store.deleteBucket(named: "media"))
        #expect(try await store.deleteBucket(named: "media") == false)
        #expect(try await store.bucket(named: "media") == nil)
        #expect(try await store.buckets(of: Samples.account) == [archive])
        // A deleted name can be made again, by anyone.
        try await store.createBucket(Bucket(name: "media", accountID: Samples.otherAccount, createTime: Samples.time(4)))
        #expect(try await store.bucket(named: "media")?.accountID == Samples.otherAccount)
    }

    static func bucketsConflicts(_ store: any WorkflowStore) async throws {
        try await store.createAccount(Samples.account, now: Samples.epoch)
        try await store.createAccount(Samples.otherAccount, now: Samples.epoch)
        try await store.createBucket(Bucket(name: "shared", accountID: Samples.account, createTime: Samples.epoch))
        for account in [Samples.account, Samples.otherAccount] {
            let taken = await #expect(throws: FloeError.self) {
                try await store.createBucket(Bucket(name: "shared", accountID: account, createTime: Samples.time(1)))
            }
            #expect(taken?.code == .conflict)
        }
        #expect(try await store.bucket(named: "shared")?.accountID == Samples.account)
        for name in ["", "UPPER", "a", "../x", "x/y", String(repeating: "b", count: 64)] {
            let invalid = await #expect(throws: FloeError.self) {
                try await store.createBucket(Bucket(name: name, accountID: Samples.account, createTime: Samples.epoch))
            }
            #expect(invalid?.code == .invalidLocation, "bucket name \(name.debugDescription)")
        }
        let unknown = await #expect(throws: FloeError.self) {
            try await store.createBucket(Bucket(name: "orphan", accountID: try AccountID("3000000000000003"), createTime: Samples.epoch))
        }
        #expect(unknown?.code == .notFound)
        #expect(try await store.bucket(named: "orphan") == nil)
    }

    static func bucketsConcurrent(_ store: any WorkflowStore) async throws {
        try await store.createAccount(Samples.account, now: Samples.epoch)
        try await store.createAccount(Samples.otherAccount, now: Samples.epoch)
        let made = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<8 {
                group.addTask {
                    let account = index.isMultiple(of: 2) ? Samples.account : Samples.otherAccount
                    do {
                        try await store.createBucket(Bucket(name: "race", accountID: account, createTime: Samples.epoch))
                        return true
                    } catch let error as FloeError where error.code == .conflict {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(made == 1)
        #expect(try await store.bucket(named: "race") != nil)
    }
}
