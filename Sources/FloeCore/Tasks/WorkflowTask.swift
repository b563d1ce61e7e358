import Foundation

/// One run of a template on one input.
public struct WorkflowTask: Hashable, Sendable {
    public var id: TaskID
    /// The account that started the task.
    public var accountID: AccountID
    public var workflowID: WorkflowID
    /// The template's name when the task was made.
    public var workflowName: String
    /// The template's graph when the task was made; later edits of the template do not change it.
    public var topology: WorkflowTopology
    public var input: TaskInput
    /// The media asset the input resolved to; every output is added to it.
    public var mediaID: MediaID
    public var userData: String?
    public var status: TaskStatus
    /// Why the task failed, in a sentence.
    public var message: String?
    public var createTime: Date
    public var finishTime: Date?

    public init(id: TaskID = .generate(), accountID: AccountID, workflowID: WorkflowID, workflowName: String, topology: WorkflowTopology,
                input: TaskInput, mediaID: MediaID, userData: String? = nil, status: TaskStatus = .initial,
                message: String? = nil, createTime: Date, finishTime: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.workflowID = workflowID
        self.workflowName = workflowName
        self.topology = topology
        self.input = input
        self.mediaID = mediaID
        self.userData = userData
        self.status = status
        self.message = message
        self.createTime = createTime
        self.finishTime = finishTime
    }
}
