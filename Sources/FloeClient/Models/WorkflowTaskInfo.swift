import FloeCore
import Foundation

/// A workflow task as `GetWorkflowTask` (`WorkflowTask`) and `ListWorkflowTasks` (`TaskList` items) answer
/// it (spec §3.3). Members the answer lacks are `nil`; `activities` is empty for list items, which carry
/// no `ActivityResults`.
public struct WorkflowTaskInfo: Sendable, Hashable {
    /// `TaskId`.
    public var taskID: String
    /// `Init`, `Processing`, `Succeed`, `Failed` or `Canceled`.
    public var status: String
    /// The submitted `TaskInput` (JSON text).
    public var taskInput: String?
    /// `UserData`, as submitted.
    public var userData: String?
    /// `CreateTime`, `yyyy-MM-ddTHH:mm:ssZ`.
    public var createTime: String?
    /// Set once the task has ended.
    public var finishTime: String?
    /// `Workflow.WorkflowId`.
    public var workflowID: String?
    /// `Workflow.Name`.
    public var workflowName: String?
    /// `Workflow.MediaType` (list items only): `Media` or `OSS`.
    public var mediaType: String?
    /// The activities, from `ActivityResults`, in the answer's (name) order.
    public var activities: [ActivityResultInfo]

    /// The task status as a ``TaskStatus``, `nil` for a value Floe does not know.
    public var taskStatus: TaskStatus? { TaskStatus(rawValue: status) }

    /// Reads a `WorkflowTask` object.
    ///
    /// - Throws: ``RPCClientError`` `invalidResponse` when `TaskId` or `Status` is missing, or
    ///   `ActivityResults` is not the JSON text of an object.
    public init(_ members: [String: JSONValue]) throws(RPCClientError) {
        guard let taskID = members["TaskId"]?.stringValue, let status = members["Status"]?.stringValue else {
            throw Self.invalid("a WorkflowTask without TaskId or Status")
        }
        self.taskID = taskID
        self.status = status
        self.taskInput = members["TaskInput"]?.stringValue
        self.userData = members["UserData"]?.stringValue
        self.createTime = members["CreateTime"]?.stringValue
        self.finishTime = members["FinishTime"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let workflow = members["Workflow"]?.objectValue ?? [:]
        self.workflowID = workflow["WorkflowId"]?.stringValue
        self.workflowName = workflow["Name"]?.stringValue
        self.mediaType = workflow["MediaType"]?.stringValue
        self.activities = []
        if let text = members["ActivityResults"]?.stringValue, !text.isEmpty {
            guard let results = (try? JSONValue(jsonText: text))?.objectValue else {
                throw Self.invalid("ActivityResults that is not the JSON text of an object")
            }
            self.activities = results.sorted { $0.key < $1.key }.map { ActivityResultInfo(name: $0.key, $0.value.objectValue ?? [:]) }
        }
    }

    /// The task of a `GetWorkflowTask` answer.
    public init(getWorkflowTaskAnswer answer: [String: JSONValue]) throws(RPCClientError) {
        guard let task = answer["WorkflowTask"]?.objectValue else { throw Self.invalid("an answer without WorkflowTask") }
        try self.init(task)
    }

    /// The tasks of a `ListWorkflowTasks` answer.
    public static func list(_ answer: [String: JSONValue]) throws(RPCClientError) -> [WorkflowTaskInfo] {
        guard case .array(let items)? = answer["TaskList"] else { throw invalid("an answer without TaskList") }
        var tasks: [WorkflowTaskInfo] = []
        for item in items {
            tasks.append(try WorkflowTaskInfo(item.objectValue ?? [:]))
        }
        return tasks
    }

    /// Why the task ended as it did when it failed: the first failed activity's error, as the engine words it.
    public var failure: String? {
        guard let failed = activities.first(where: { $0.status == ActivityStatus.failed.rawValue }) else { return nil }
        return "activity '\(failed.name)' failed" + (failed.errorMessage.map { ": \($0)" } ?? "")
    }

    static func invalid(_ what: String) -> RPCClientError {
        RPCClientError(kind: .invalidResponse, code: RPCClientError.TransportCode.invalidResponse,
                       message: "the server answered \(what)")
    }
}

/// One activity of a task, from `ActivityResults`: `{Status, StartTime, EndTime, ActivityId, Type, Progress,
/// Result: {Files: [{FileURL, FileType}], Data, ErrorCode, ErrorMessage}}`.
public struct ActivityResultInfo: Sendable, Hashable {
    /// An output file.
    public struct File: Sendable, Hashable {
        /// `oss://bucket/key`.
        public var url: String
        /// `transcode_file`, `snapshot`, …
        public var type: String

        /// A file at `url` of type `type`.
        public init(url: String, type: String) {
            self.url = url
            self.type = type
        }
    }

    /// The activity's name in the template (`ActivityId`).
    public var name: String
    /// Its `Type` (`Transcode`, `Start`, …).
    public var type: String?
    /// `Waiting`, `Ready`, `Running`, `Succeed`, `Failed`, `Canceled` or `Skipped`.
    public var status: String
    /// When it started, `yyyy-MM-ddTHH:mm:ssZ`.
    public var startTime: String?
    /// When it ended.
    public var endTime: String?
    /// Percent done while it runs.
    public var progress: Double?
    /// `Result.Files`: what it wrote.
    public var files: [File]
    /// `Result.ErrorCode` when it failed.
    public var errorCode: String?
    /// `Result.ErrorMessage` when it failed.
    public var errorMessage: String?

    /// The activity status as an ``ActivityStatus``, `nil` for a value Floe does not know.
    public var activityStatus: ActivityStatus? { ActivityStatus(rawValue: status) }
    /// Whether this is a `Start` or `End` activity (they succeed by themselves and are not worth showing).
    public var isStructural: Bool { type == "Start" || type == "End" }

    /// Reads the entry `name` of `ActivityResults`.
    public init(name: String, _ members: [String: JSONValue]) {
        self.name = members["ActivityId"]?.stringValue ?? name
        self.type = members["Type"]?.stringValue
        self.status = members["Status"]?.stringValue ?? "Unknown"
        self.startTime = members["StartTime"]?.stringValue
        self.endTime = members["EndTime"]?.stringValue
        if case .number(let progress)? = members["Progress"] { self.progress = progress }
        let result = members["Result"]?.objectValue ?? [:]
        if case .array(let files)? = result["Files"] {
            self.files = files.compactMap { file in
                file["FileURL"]?.stringValue.map { File(url: $0, type: file["FileType"]?.stringValue ?? "File") }
            }
        } else {
            self.files = []
        }
        self.errorCode = result["ErrorCode"]?.stringValue
        self.errorMessage = result["ErrorMessage"]?.stringValue
    }
}
