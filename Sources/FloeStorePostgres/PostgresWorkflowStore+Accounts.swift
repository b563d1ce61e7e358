import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func createAccount(_ id: AccountID, now: Date) async throws {
        try await write { session in
            let inserted = try await session.count("""
                INSERT INTO account (id, create_time) VALUES (\(id.rawValue), \(StoreValue.time(now)))
                ON CONFLICT DO NOTHING RETURNING 1
                """)
            guard inserted > 0 else { throw FloeError.conflict("account \(id) already exists") }
        }
    }

    public func accounts() async throws -> [Account] {
        try await read { session in
            try await session.rows("SELECT id, create_time FROM account ORDER BY position").map { row in
                let row = row.makeRandomAccess()
                return Account(id: try row.account("id", table: "account"), createTime: try row.date("create_time"))
            }
        }
    }

    public func accountExists(_ id: AccountID) async throws -> Bool {
        try await read { session in try await Self.accountExists(id, in: session) }
    }

    static func accountExists(_ id: AccountID, in session: PostgresSession) async throws -> Bool {
        try await session.exists("SELECT 1 FROM account WHERE id = \(id.rawValue)")
    }

    // MARK: Access keys

    public func createAccessKey(_ key: AccessKey) async throws {
        guard AccessKey.isValidID(key.id) else {
            throw FloeError.invalidParameter("'\(key.id.prefix(64))' is not an AccessKeyId: expected LTAI and 20 letters or digits")
        }
        try await write { session in
            guard try await Self.accountExists(key.accountID, in: session) else {
                throw FloeError.notFound("account \(key.accountID) does not exist")
            }
            guard try await !session.exists("SELECT 1 FROM access_key WHERE id = \(key.id)") else {
                throw FloeError.conflict("access key \(key.id) already exists")
            }
            try await session.execute(AccessKeyRow.insert(key))
        }
    }

    public func accessKey(_ id: String) async throws -> AccessKey? {
        try await read { session in
            try await session.rows("SELECT * FROM access_key WHERE id = \(id)").first.map(AccessKeyRow.model)
        }
    }

    public func accessKeys(of account: AccountID) async throws -> [AccessKey] {
        try await read { session in
            guard try await Self.accountExists(account, in: session) else {
                throw FloeError.notFound("account \(account) does not exist")
            }
            return try await session.rows(
                "SELECT * FROM access_key WHERE account_id = \(account.rawValue) ORDER BY create_time, id"
            ).map(AccessKeyRow.model)
        }
    }

    public func setAccessKeyStatus(_ id: String, _ status: AccessKey.Status) async throws {
        try await write { session in
            let changed = try await session.count(
                "UPDATE access_key SET status = \(status.rawValue) WHERE id = \(id) RETURNING 1")
            guard changed > 0 else { throw FloeError.notFound("access key \(id.prefix(64)) does not exist") }
        }
    }

    public func deleteAccessKey(_ id: String) async throws -> Bool {
        try await write { session in
            try await session.count("DELETE FROM access_key WHERE id = \(id) RETURNING 1") > 0
        }
    }

    // MARK: Nonces

    public func useNonce(_ nonce: String, accessKeyID: String, expiresAt: Date, now: Date) async throws -> Bool {
        try await write { session in
            try await session.execute("DELETE FROM nonce WHERE expires_at <= \(StoreValue.time(now))")
            return try await session.count("""
                INSERT INTO nonce (access_key_id, nonce, expires_at) VALUES (\(accessKeyID), \(nonce), \(StoreValue.time(expiresAt)))
                ON CONFLICT DO NOTHING RETURNING 1
                """) > 0
        }
    }
}
