import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func createBucket(_ bucket: Bucket) async throws {
        try StorageLocation.validate(bucket: bucket.name)
        try await write { db in
            guard try Self.accountExists(bucket.accountID, in: db) else {
                throw FloeError.notFound("account \(bucket.accountID) does not exist")
            }
            guard try Self.bucket(named: bucket.name, in: db) == nil else {
                throw FloeError.conflict("bucket \(bucket.name) already exists")
            }
            try db.cachedStatement(sql: "INSERT INTO bucket (name, accountID, createTime) VALUES (?, ?, ?)")
                .execute(arguments: [bucket.name, bucket.accountID.rawValue, SQLiteValue.time(bucket.createTime)])
        }
    }

    public func bucket(named name: String) async throws -> Bucket? {
        try await read { db in try Self.bucket(named: name, in: db) }
    }

    public func buckets(of account: AccountID) async throws -> [Bucket] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM bucket WHERE accountID = ? ORDER BY name"),
                arguments: [account.rawValue])
                .map(Self.bucket(_:))
        }
    }

    public func deleteBucket(named name: String) async throws -> Bool {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM bucket WHERE name = ?").execute(arguments: [name])
            return db.changesCount > 0
        }
    }

    static func bucket(named name: String, in db: Database) throws -> Bucket? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM bucket WHERE name = ?"), arguments: [name]).map(bucket(_:))
    }

    static func bucket(_ row: Row) throws -> Bucket {
        Bucket(name: row["name"], accountID: try SQLiteValue.account(row["accountID"], column: "bucket.accountID"),
               createTime: SQLiteValue.date(row["createTime"]))
    }
}
