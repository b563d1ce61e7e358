import FloeCore
import Foundation

/// One activity of one task: where it stands, who holds it, how it went.
public struct ActivityRun: Hashable, Sendable {
    /// A run is named by its task and its activity's name in the template.
    public struct ID: Hashable, Sendable, CustomStringConvertible {
        public var taskID: TaskID
        public var name: String

        public init(taskID: TaskID, name: String) {
            self.taskID = taskID
            self.name = name
        }

        public var description: String { "\(taskID)/\(name)" }
    }

    public var taskID: TaskID
    /// The activity's name in the template.
    public var name: String
    public var definition: ActivityDefinition
    public var status: ActivityStatus
    /// How many times the run has been claimed.
    public var attempt: Int
    /// A ready run is not claimed before this time (retry backoff).
    public var notBefore: Date?
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    /// 0 to 100, as last reported.
    public var progress: Double?
    /// When the run was first claimed.
    public var startTime: Date?
    public var endTime: Date?
    public var result: ActivityResult?
    /// The last failure, kept while a retry waits and when the run failed.
    public var error: ActivityError?

    public init(taskID: TaskID, name: String, definition: ActivityDefinition, status: ActivityStatus = .waiting,
                attempt: Int = 0, notBefore: Date? = nil, leaseOwner: String? = nil, leaseExpiresAt: Date? = nil,
                progress: Double? = nil, startTime: Date? = nil, endTime: Date? = nil,
                result: ActivityResult? = nil, error: ActivityError? = nil) {
        self.taskID = taskID
        self.name = name
        self.definition = definition
        self.status = status
        self.attempt = attempt
        self.notBefore = notBefore
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.progress = progress
        self.startTime = startTime
        self.endTime = endTime
        self.result = result
        self.error = error
    }

    public var id: ID { ID(taskID: taskID, name: name) }
}

extension ActivityRun {
    /// What a worker needs to run this run (``ActivityDefinition/requirements``).
    public var requirements: Set<Capability> { definition.requirements }

    /// Whether a worker with `capabilities` (anything, when `nil`) may claim this run: they cover its requirements.
    public func isRunnable(by capabilities: Set<Capability>?) -> Bool {
        guard let capabilities else { return true }
        return requirements.isSubset(of: capabilities)
    }
}
