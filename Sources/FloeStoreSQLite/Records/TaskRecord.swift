import FloeCore
import GRDB

/// A row of `task`.
struct TaskRecord: Codable, FetchableRecord, PersistableRecord {
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

    /// The columns, written out: GRDB's `Encodable` path costs more than the insert itself (profile of
    /// `StartWorkflow`, docs/BENCHMARKS.md).
    func encode(to container: inout PersistenceContainer) {
        container["id"] = id
        container["accountID"] = accountID
        container["workflowID"] = workflowID
        container["workflowName"] = workflowName
        container["topology"] = topology
        container["input"] = input
        container["mediaID"] = mediaID
        container["userData"] = userData
        container["status"] = status
        container["message"] = message
        container["createTime"] = createTime
        container["finishTime"] = finishTime
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
