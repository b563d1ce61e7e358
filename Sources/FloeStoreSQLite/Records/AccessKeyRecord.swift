import FloeCore
import GRDB

/// A row of `accessKey`.
struct AccessKeyRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "accessKey"

    var id: String
    var accountID: String
    var sealedSecret: String
    var isRoot: Bool
    var policy: String?
    var status: String
    var description: String?
    var createTime: Int64

    /// Reads the row's columns by name; GRDB's `Decodable` path for records costs several times more.
    init(row: Row) throws {
        id = try row.decode(String.self, forColumn: "id")
        accountID = try row.decode(String.self, forColumn: "accountID")
        sealedSecret = try row.decode(String.self, forColumn: "sealedSecret")
        isRoot = try row.decode(Bool.self, forColumn: "isRoot")
        policy = try row.decode(String?.self, forColumn: "policy")
        status = try row.decode(String.self, forColumn: "status")
        description = try row.decode(String?.self, forColumn: "description")
        createTime = try row.decode(Int64.self, forColumn: "createTime")
    }

    init(_ key: AccessKey) {
        id = key.id
        accountID = key.accountID.rawValue
        sealedSecret = key.sealedSecret
        isRoot = key.isRoot
        policy = key.policy
        status = key.status.rawValue
        description = key.description
        createTime = SQLiteValue.time(key.createTime)
    }

    func model() throws -> AccessKey {
        AccessKey(
            id: id,
            accountID: try SQLiteValue.account(accountID, column: "accessKey.accountID"),
            sealedSecret: sealedSecret,
            isRoot: isRoot,
            policy: policy,
            status: try SQLiteValue.enumeration(AccessKey.Status.self, status, column: "accessKey.status"),
            description: description,
            createTime: SQLiteValue.date(createTime)
        )
    }
}
