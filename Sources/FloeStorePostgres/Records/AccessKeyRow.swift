import FloeCore
import FloeEngine
import PostgresNIO

/// Rows of `access_key`.
enum AccessKeyRow {
    static func insert(_ key: AccessKey) -> PostgresQuery {
        """
        INSERT INTO access_key (id, account_id, sealed_secret, is_root, policy, status, description, create_time)
        VALUES (\(key.id), \(key.accountID.rawValue), \(key.sealedSecret), \(key.isRoot), \(key.policy),
                \(key.status.rawValue), \(key.description), \(StoreValue.time(key.createTime)))
        """
    }

    static func model(_ row: PostgresRow) throws -> AccessKey {
        let row = row.makeRandomAccess()
        return AccessKey(
            id: try row.get("id"),
            accountID: try row.account("account_id", table: "access_key"),
            sealedSecret: try row.get("sealed_secret"),
            isRoot: try row.get("is_root"),
            policy: try row.get("policy"),
            status: try row.enumeration("status", table: "access_key"),
            description: try row.get("description"),
            createTime: try row.date("create_time")
        )
    }
}
