import FloeCore
import FloeEngine
import Foundation
import ServiceLifecycle

/// Prints a task's progress as it goes: a line whenever an activity changes state or moves another 10%.
/// Returns when the task ends (or the process shuts down).
struct TaskWatcher: Service {
    let store: any WorkflowStore
    let taskID: TaskID
    var interval: Duration = .milliseconds(250)

    func run() async throws {
        let start = ContinuousClock.now
        var shown: [String: (ActivityStatus, Int)] = [:]
        while !Task.isShuttingDownGracefully {
            guard let task = try await store.task(taskID) else { return }
            let elapsed = (ContinuousClock.now - start).seconds
            for run in try await store.activityRuns(of: taskID) where run.definition.kind?.isStructural == false {
                let step = Int((run.progress ?? 0) / 10)
                guard shown[run.name].map({ $0 != (run.status, step) }) ?? (run.status != .waiting) else { continue }
                shown[run.name] = (run.status, step)
                var line = String(format: "[%6.1fs] %@ %@", elapsed, run.name.padding(toLength: 12, withPad: " ", startingAt: 0), run.status.rawValue)
                if run.status == .running { line += String(format: " %3.0f%%", run.progress ?? 0) }
                if run.attempt > 1, run.status == .running { line += " (attempt \(run.attempt))" }
                if let error = run.error, run.status == .failed || run.status == .ready { line += ": \(error.message)" }
                print(line)
            }
            if task.status.isTerminal {
                print(String(format: "[%6.1fs] task %@", elapsed, task.status.rawValue))
                return
            }
            // Wakes as soon as an activity ends here, or after `interval` for progress.
            await cancelWhenGracefulShutdown { [store, interval] in await store.waitForWork(timeout: interval) }
        }
    }
}
