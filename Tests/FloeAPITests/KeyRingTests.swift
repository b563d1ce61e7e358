import Crypto
import FloeAPI
import FloeCore
import FloeStoreSQLite
import Foundation
import Testing

@Suite struct KeyRingTests {
    let store: SQLiteWorkflowStore
    let ring: KeyRing
    let account = AccountID.random()

    init() async throws {
        store = try SQLiteWorkflowStore.temporary()
        ring = KeyRing(store: store, box: try SecretBox(key: SymmetricKey(size: .bits256)))
        try await store.createAccount(account, now: Date())
    }

    @Test func aKeyIsStoredSealedAndOpensToItsSecret() async throws {
        let made = try await ring.createKey(accountID: account, isRoot: true, now: Date())
        #expect(made.secret.count == 30)
        #expect(AccessKey.isValidID(made.key.id))
        let stored = try #require(await store.accessKey(made.key.id))
        #expect(!stored.sealedSecret.contains(made.secret), "the store never holds the plain secret")
        let found = try #require(await ring.credential(for: made.key.id))
        #expect(found.secret == made.secret)
        #expect(found.key.isRoot)
        #expect(try await ring.credential(for: AccessKey.randomID()) == nil)
        #expect(try await ring.credential(for: "not-a-key") == nil)
    }

    @Test func secretsDifferAndPoliciesAreChecked() async throws {
        let policy = #"{"Version":"1","Statement":[{"Effect":"Allow","Action":"ice:Get*","Resource":"*"}]}"#
        let a = try await ring.createKey(accountID: account, isRoot: false, policy: policy, now: Date())
        let b = try await ring.createKey(accountID: account, isRoot: false, now: Date())
        #expect(a.secret != b.secret)
        #expect(try await store.accessKey(a.key.id)?.policy == policy)
        await #expect(throws: (any Error).self) {
            try await ring.createKey(accountID: account, isRoot: false, policy: #"{"Version":"2"}"#, now: Date())
        }
    }

    @Test func anotherKeyFileCannotOpenTheSecrets() async throws {
        let made = try await ring.createKey(accountID: account, isRoot: true, now: Date())
        let stranger = KeyRing(store: store, box: try SecretBox(key: SymmetricKey(size: .bits256)))
        await #expect(throws: SecretBoxError.self) { try await stranger.credential(for: made.key.id) }
    }
}
