import FloeClient
import FloeCore
import FloeEngine
import Foundation
import ServiceLifecycle

/// Follows a task through `GetWorkflowTask`, printing a line whenever an activity changes state or moves
/// another 10%, and a last line when the task ends. Returns the ended task (or, when the process shuts down
/// first, the last one seen).
struct TaskWatcher: NamedService {
    let client: RPCClient
    let taskID: String
    /// Time between two polls.
    var interval: Duration = .milliseconds(500)
    /// Waits between two polls (`floe run` also wakes when its workers finish an activity).
    var pause: @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }

    /// Whether to print progress lines (`--json` prints only the last answer).
    var printsProgress = true

    func run() async throws {
        _ = try await watch()
    }

    /// Polls until the task ends, printing as it goes; returns the last task seen and the answer it came in.
    @discardableResult
    func watch() async throws -> (task: WorkflowTaskInfo, answer: [String: JSONValue])? {
        let start = ContinuousClock.now
        var progress = TaskProgress()
        var last: (task: WorkflowTaskInfo, answer: [String: JSONValue])?
        while !Task.isShuttingDownGracefully {
            let answer = try await client.call("GetWorkflowTask", ["TaskId": taskID])
            let task = try WorkflowTaskInfo(getWorkflowTaskAnswer: answer)
            last = (task, answer)
            let lines = progress.lines(for: task, elapsed: (ContinuousClock.now - start).seconds)
            if printsProgress {
                for line in lines { print(line) }
            }
            if task.taskStatus?.isTerminal ?? false { return last }
            await cancelWhenGracefulShutdown { [pause, interval] in await pause(interval) }
        }
        return last
    }
}

/// What a watcher has shown of a task: decides which lines a new state of the task is worth.
struct TaskProgress {
    private var shown: [String: (status: String, step: Int)] = [:]

    /// The lines for `task`, seen `elapsed` seconds after watching began: one per activity (but `Start` and
    /// `End`) whose status or tenth of progress changed, then `task <Status>` once it has ended.
    mutating func lines(for task: WorkflowTaskInfo, elapsed: Double) -> [String] {
        var lines: [String] = []
        let stamp = String(format: "[%6.1fs]", elapsed)
        for activity in task.activities where !activity.isStructural {
            let step = Int((activity.progress ?? 0) / 10)
            let changed = shown[activity.name].map { $0.status != activity.status || $0.step != step }
                ?? (activity.activityStatus != .waiting)
            guard changed else { continue }
            shown[activity.name] = (activity.status, step)
            var line = "\(stamp) \(activity.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(activity.status)"
            if activity.activityStatus == .running { line += String(format: " %3.0f%%", activity.progress ?? 0) }
            if let message = activity.errorMessage, activity.activityStatus == .failed || activity.activityStatus == .ready {
                line += ": \(message)"
            }
            lines.append(line)
        }
        if task.taskStatus?.isTerminal ?? false { lines.append("\(stamp) task \(task.status)") }
        return lines
    }
}
