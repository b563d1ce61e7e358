import FloeClient
import FloeCore
import Foundation

/// A task, its activities and its outputs, for a person: what `floe tasks show` and `floe run` print.
struct TaskReport {
    let task: WorkflowTaskInfo
    /// The local file of an output URL, when the server's buckets are on this machine.
    var localPath: (String) -> String? = { _ in nil }

    /// The report's lines.
    var lines: [String] {
        var lines = [
            "",
            "TaskId      \(task.taskID)",
            "Workflow    \(task.workflowName ?? "?") (\(task.workflowID ?? "?"))",
            "Input       \(task.taskInput ?? "")",
            "Status      \(task.status)" + (task.failure.map { " - \($0)" } ?? ""),
            "Created     \(task.createTime ?? "?")" + finished,
        ]
        if let userData = task.userData { lines.append("UserData    \(userData)") }
        lines += ["", "Activities"]
        for activity in task.activities.sorted(by: Self.startOrder) {
            var line = "  \(activity.name.padding(toLength: 12, withPad: " ", startingAt: 0)) "
                + "\((activity.type ?? "?").padding(toLength: 10, withPad: " ", startingAt: 0)) \(activity.status)"
            if activity.activityStatus == .running, let progress = activity.progress { line += String(format: " %.0f%%", progress) }
            if let seconds = Self.seconds(from: activity.startTime, to: activity.endTime) { line += String(format: " (%.1fs)", seconds) }
            if let code = activity.errorCode { line += " - \(code): \(activity.errorMessage ?? "")" }
            lines.append(line)
        }
        let files = task.activities.sorted(by: Self.startOrder).flatMap(\.files)
            .filter { $0.type != MediaFile.FileType.sourceFile.rawValue }  // the input, which a probe reports
        guard !files.isEmpty else { return lines }
        lines += ["", "Outputs"]
        for file in files {
            lines.append("  \(file.type.padding(toLength: 15, withPad: " ", startingAt: 0)) \(file.url)")
            if let path = localPath(file.url) { lines.append("  \(String(repeating: " ", count: 15)) \(path)") }
        }
        return lines
    }

    /// Prints the report.
    func print() {
        for line in lines { Swift.print(line) }
    }

    private var finished: String {
        guard let finishTime = task.finishTime else { return "" }
        let took = Self.seconds(from: task.createTime, to: finishTime).map { String(format: " (%.1fs)", $0) } ?? ""
        return "   Finished \(finishTime)\(took)"
    }

    /// Activities that started first come first; those that never started last, by name.
    private static func startOrder(_ lhs: ActivityResultInfo, _ rhs: ActivityResultInfo) -> Bool {
        (lhs.startTime ?? "~", lhs.name) < (rhs.startTime ?? "~", rhs.name)
    }

    private static func seconds(from start: String?, to end: String?) -> Double? {
        guard let start = start.flatMap(WireTime.date), let end = end.flatMap(WireTime.date) else { return nil }
        return end.timeIntervalSince(start)
    }
}
