import FloeApp
import FloeCore
import FloeEngine
import Foundation

/// Prints a task, its activities and its outputs for a person.
struct TaskReport {
    let app: FloeApplication

    func print(_ task: WorkflowTask) async throws {
        let runs = try await app.store.activityRuns(of: task.id)
        Swift.print("""

        TaskId      \(task.id)
        Workflow    \(task.workflowName) (\(task.workflowID))
        Input       \(task.input.jsonText)
        MediaId     \(task.mediaID)
        Status      \(task.status.rawValue)\(task.message.map { " - \($0)" } ?? "")
        Created     \(WireTime.string(task.createTime))\(task.finishTime.map { "   Finished \(WireTime.string($0)) (\(String(format: "%.1f", $0.timeIntervalSince(task.createTime)))s)" } ?? "")
        """)
        Swift.print("\nActivities")
        for run in runs.sorted(by: { ($0.startTime ?? .distantFuture, $0.name) < ($1.startTime ?? .distantFuture, $1.name) }) {
            var line = "  \(run.name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(run.definition.type.padding(toLength: 10, withPad: " ", startingAt: 0)) \(run.status.rawValue)"
            if run.attempt > 1 { line += " after \(run.attempt) attempts" }
            if let error = run.error { line += " - \(error.code): \(error.message)" }
            Swift.print(line)
        }
        let files = runs.flatMap { $0.result?.files ?? [] }.filter { $0.fileType != .sourceFile }
        guard !files.isEmpty else { return }
        Swift.print("\nOutputs")
        for file in files {
            Swift.print("  \(file.fileType.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) \(file.location)")
            var facts: [String] = []
            if let info = file.info {
                if let video = info.videoStreamInfoList.first {
                    facts.append("\(video.codecName ?? "?") \(video.width ?? "?")x\(video.height ?? "?")")
                }
                if let audio = info.audioStreamInfoList.first { facts.append("\(audio.codecName ?? "?") \(audio.sampleRate ?? "?") Hz") }
                if file.fileType != .snapshot, let duration = info.fileBasicInfo.duration, let seconds = Double(duration) { facts.append(String(format: "%.1fs", seconds)) }
                if let size = info.fileBasicInfo.fileSize, let bytes = Int64(size) {
                    facts.append(ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file))
                }
            }
            if let path = try app.localPath(of: file.location) { facts.append(path.path) }
            Swift.print("  \(String(repeating: " ", count: 15)) \(facts.joined(separator: "  "))")
        }
    }
}
