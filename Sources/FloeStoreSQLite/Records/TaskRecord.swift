import FloeCore
import GRDB

/// A row of `task`.
struct TaskRecord: Codable, FetchableRecord, SQLiteRow {
    static let databaseTableName = "task"

    var id: String
    var accountID: String
    var workflowID: String
    var workflowName: String
    var topology: String
    var input: String
    var mediaID: String
    var userData: String?
    var status: String
    var message: String?
    var createTime: Int64
    var finishTime: Int64?

    /// Reads the row's columns by name; GRDB's `Decodable` path for records costs several times more.
    init(row: Row) throws {
        id = try row.decode(String.self, forColumn: "id")
        accountID = try row.decode(String.self, forColumn: "accountID")
        workflowID = try row.decode(String.self, forColumn: "workflowID")
        workflowName = try row.decode(String.self, forColumn: "workflowName")
        topology = try row.decode(String.self, forColumn: "topology")
        input = try row.decode(String.self, forColumn: "input")
        mediaID = try row.decode(String.self, forColumn: "mediaID")
        userData = try row.decode(String?.self, forColumn: "userData")
        status = try row.decode(String.self, forColumn: "status")
        message = try row.decode(String?.self, forColumn: "message")
        createTime = try row.decode(Int64.self, forColumn: "createTime")
        finishTime = try row.decode(Int64?.self, forColumn: "finishTime")
    }

    init(_ task: WorkflowTask) throws {
        id = task.id.rawValue
        accountID = task.accountID.rawValue
        workflowID = task.workflowID.rawValue
        workflowName = task.workflowName
        topology = try SQLiteValue.topologies.text(of: task.topology)
        input = task.input.jsonText
        mediaID = task.mediaID.rawValue
        userData = task.userData
        status = task.status.rawValue
        message = task.message
        createTime = SQLiteValue.time(task.createTime)
        finishTime = task.finishTime.map(SQLiteValue.time)
    }

    static let layout = SQLiteRowLayout(
        table: databaseTableName,
        columns: [
            "id", "accountID", "workflowID", "workflowName", "topology", "input", "mediaID", "userData", "status",
            "message", "createTime", "finishTime"
        ],
        key: ["id"]
    )

    var columnValues: [(any DatabaseValueConvertible)?] {
        [id, accountID, workflowID, workflowName, topology, input, mediaID, userData, status, message, createTime,
         finishTime]
    }

    func encode(to container: inout PersistenceContainer) {
        encodeColumns(to: &container)
    }

    func model() throws -> WorkflowTask {
        WorkflowTask(
            id: try TaskID(id),
            accountID: try SQLiteValue.account(accountID, column: "task.accountID"),
            workflowID: try WorkflowID(workflowID),
            workflowName: workflowName,
            topology: try SQLiteValue.topologies.value(of: topology, column: "task.topology"),
            input: try TaskInput(jsonText: input),
            mediaID: try MediaID(mediaID),
            userData: userData,
            status: try SQLiteValue.enumeration(TaskStatus.self, status, column: "task.status"),
            message: message,
            createTime: SQLiteValue.date(createTime),
            finishTime: finishTime.map(SQLiteValue.date)
        )
    }
}
