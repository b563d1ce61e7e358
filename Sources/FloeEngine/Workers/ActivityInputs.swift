import FloeCore

/// What a worker reads, besides the run, to run an activity of a task (``WorkflowStore/activityInputs(of:)``).
public struct ActivityInputs: Hashable, Sendable {
    /// The task.
    public var task: WorkflowTask
    /// Where the input of the task's media asset lies; `nil` when the asset no longer exists.
    public var input: StorageLocation?
    /// The results of the task's succeeded runs, by activity name.
    public var upstream: [String: ActivityResult]

    public init(task: WorkflowTask, input: StorageLocation?, upstream: [String: ActivityResult]) {
        self.task = task
        self.input = input
        self.upstream = upstream
    }
}

extension WorkflowStore {
    /// ``activityInputs(of:)`` from ``task(_:)``, ``media(_:)`` and ``activityRuns(of:)``.
    public func activityInputs(of task: TaskID) async throws -> ActivityInputs? {
        guard let found = try await self.task(task) else { return nil }
        let media = try await media(found.mediaID)
        var upstream: [String: ActivityResult] = [:]
        for run in try await activityRuns(of: task) where run.status == .succeed {
            if let result = run.result { upstream[run.name] = result }
        }
        return ActivityInputs(task: found, input: media?.inputURL, upstream: upstream)
    }
}
