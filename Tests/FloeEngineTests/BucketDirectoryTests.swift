import FloeCore
import FloeEngine
import FloeStoreSQLite
import FloeTesting
import Foundation
import Testing

@Suite struct BucketDirectoryTests {
    let store: SQLiteWorkflowStore
    let directory: BucketDirectory

    init() async throws {
        store = try SQLiteWorkflowStore.temporary()
        try await store.createAccount(Samples.account, now: Samples.epoch)
        try await store.createAccount(Samples.otherAccount, now: Samples.epoch)
        directory = BucketDirectory(store: store, localAccount: Samples.account, serverBuckets: { ["media": Samples.time(1)] })
    }

    @Test func ownersUseTheirBucketsAndTheLocalAccountNamesUnclaimedOnes() async throws {
        #expect(try await directory.create("theirs", account: Samples.otherAccount, now: Samples.time(2)) == .created)
        #expect(try await directory.owner(of: "media") == Samples.account)
        #expect(try await directory.owner(of: "theirs") == Samples.otherAccount)
        #expect(try await directory.owner(of: "nobody") == nil)
        #expect(try await directory.mayUse(account: Samples.account, bucket: "media"))
        #expect(try await directory.mayUse(account: Samples.account, bucket: "nobody"))
        #expect(try await !directory.mayUse(account: Samples.account, bucket: "theirs"))
        #expect(try await directory.mayUse(account: Samples.otherAccount, bucket: "theirs"))
        #expect(try await !directory.mayUse(account: Samples.otherAccount, bucket: "media"))
        #expect(try await !directory.mayUse(account: Samples.otherAccount, bucket: "nobody"))
    }

    @Test func creationListingAndDeletion() async throws {
        #expect(try await directory.create("media", account: Samples.otherAccount, now: Samples.epoch) == .takenByAnother)
        #expect(try await directory.create("media", account: Samples.account, now: Samples.epoch) == .alreadyOwned)
        #expect(try await directory.create("mine", account: Samples.account, now: Samples.time(3)) == .created)
        #expect(try await directory.create("mine", account: Samples.otherAccount, now: Samples.time(3)) == .takenByAnother)
        await #expect(throws: FloeError.self) { try await directory.create("Bad_Name", account: Samples.account, now: Samples.epoch) }
        #expect(try await directory.buckets(of: Samples.account).map(\.name) == ["media", "mine"])
        #expect(try await directory.buckets(of: Samples.account).first?.createTime == Samples.time(1))
        #expect(try await directory.buckets(of: Samples.otherAccount).isEmpty)
        #expect(try await directory.isServerBucket("media"))
        #expect(try await !directory.isServerBucket("mine"))
        await #expect(throws: FloeError.self) { try await directory.delete("media") }
        try await directory.delete("mine")
        #expect(try await directory.owner(of: "mine") == nil)
    }
}
