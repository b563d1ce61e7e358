import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func createAccount(_ id: AccountID, now: Date) async throws {
        try await write { db in
            guard try !Self.accountExists(id, in: db) else { throw FloeError.conflict("account \(id) already exists") }
            try db.cachedStatement(sql: "INSERT INTO account (id, createTime) VALUES (?, ?)")
                .execute(arguments: [id.rawValue, SQLiteValue.time(now)])
        }
    }

    public func accounts() async throws -> [Account] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT id, createTime FROM account ORDER BY rowid")).map { row in
                Account(id: try SQLiteValue.account(row["id"], column: "account.id"),
                        createTime: SQLiteValue.date(row["createTime"]))
            }
        }
    }

    public func accountExists(_ id: AccountID) async throws -> Bool {
        try await read { db in try Self.accountExists(id, in: db) }
    }

    static func accountExists(_ id: AccountID, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM account WHERE id = ?)"), arguments: [id.rawValue]) ?? false
    }

    // MARK: Access keys

    public func createAccessKey(_ key: AccessKey) async throws {
        guard AccessKey.isValidID(key.id) else {
            throw FloeError.invalidParameter("'\(key.id.prefix(64))' is not an AccessKeyId: expected LTAI and 20 letters or digits")
        }
        let record = AccessKeyRecord(key)
        try await write { db in
            guard try Self.accountExists(key.accountID, in: db) else {
                throw FloeError.notFound("account \(key.accountID) does not exist")
            }
            guard try !AccessKeyRecord.exists(db, id: record.id) else {
                throw FloeError.conflict("access key \(key.id) already exists")
            }
            try record.insert(db)
        }
    }

    public func accessKey(_ id: String) async throws -> AccessKey? {
        try await read { db in
            try AccessKeyRecord.fetchOne(db, id: id)?.model()
        }
    }

    public func accessKeys(of account: AccountID) async throws -> [AccessKey] {
        try await read { db in
            guard try Self.accountExists(account, in: db) else { throw FloeError.notFound("account \(account) does not exist") }
            return try AccessKeyRecord.fetchAll(db.cachedStatement(sql: "SELECT * FROM accessKey WHERE accountID = ? ORDER BY createTime, id"),
                arguments: [account.rawValue]
            ).map { try $0.model() }
        }
    }

    public func setAccessKeyStatus(_ id: String, _ status: AccessKey.Status) async throws {
        try await write { db in
            try db.cachedStatement(sql: "UPDATE accessKey SET status = ? WHERE id = ?").execute(arguments: [status.rawValue, id])
            guard db.changesCount > 0 else { throw FloeError.notFound("access key \(id.prefix(64)) does not exist") }
        }
    }

    public func deleteAccessKey(_ id: String) async throws -> Bool {
        try await write { db in try AccessKeyRecord.deleteOne(db, key: id) }
    }

    // MARK: Nonces

    public func useNonce(_ nonce: String, accessKeyID: String, expiresAt: Date, now: Date) async throws -> Bool {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM nonce WHERE expiresAt <= ?").execute(arguments: [SQLiteValue.time(now)])
            try db.cachedStatement(sql: "INSERT INTO nonce (accessKeyID, nonce, expiresAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .execute(arguments: [accessKeyID, nonce, SQLiteValue.time(expiresAt)])
            return db.changesCount > 0
        }
    }
}
