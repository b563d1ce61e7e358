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
