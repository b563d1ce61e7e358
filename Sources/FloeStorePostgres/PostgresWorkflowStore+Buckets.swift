import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func createBucket(_ bucket: Bucket) async throws {
        try StorageLocation.validate(bucket: bucket.name)
        try await write { session in
            guard try await Self.accountExists(bucket.accountID, in: session) else {
                throw FloeError.notFound("account \(bucket.accountID) does not exist")
            }
            let inserted = try await session.count("""
                INSERT INTO bucket (name, account_id, create_time)
                VALUES (\(bucket.name), \(bucket.accountID.rawValue), \(StoreValue.time(bucket.createTime)))
                ON CONFLICT DO NOTHING RETURNING 1
                """)
            guard inserted > 0 else { throw FloeError.conflict("bucket \(bucket.name) already exists") }
        }
    }

    public func bucket(named name: String) async throws -> Bucket? {
        try await read { session in
            try await session.rows("SELECT * FROM bucket WHERE name = \(name)").first.map(Self.bucket(_:))
        }
    }

    public func buckets(of account: AccountID) async throws -> [Bucket] {
        try await read { session in
            try await session.rows("SELECT * FROM bucket WHERE account_id = \(account.rawValue) ORDER BY name")
                .map(Self.bucket(_:))
        }
    }

    public func deleteBucket(named name: String) async throws -> Bool {
        try await write { session in
            try await session.count("DELETE FROM bucket WHERE name = \(name) RETURNING 1") > 0
        }
    }

    static func bucket(_ row: PostgresRow) throws -> Bucket {
        let row = row.makeRandomAccess()
        return Bucket(name: try row.get("name"), accountID: try row.account("account_id", table: "bucket"),
                      createTime: try row.date("create_time"))
    }
}
