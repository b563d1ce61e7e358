import FloeCore
import Foundation

/// `ActivityResults` of a task, as GetWorkflowTask and the `WorkflowTaskComplete` event give it: a JSON object
/// keyed by activity name, each `{Status, StartTime, EndTime, ActivityId, ActivityInstanceId, Type, Result}`
/// (`Result`: the output `Files` and `Data`, or `ErrorCode` and `ErrorMessage`), as text.
public enum ActivityResults {
    public static func jsonText(_ runs: [ActivityRun]) -> String {
        var results: [String: JSONValue] = [:]
        for run in runs {
            var members: [String: JSONValue] = [
                "Status": .string(run.status.rawValue),
                "ActivityId": .string(run.name),
                "ActivityInstanceId": .string("\(run.taskID.rawValue)-\(run.name)"),
                "Type": .string(run.definition.type),
            ]
            if let startTime = run.startTime { members["StartTime"] = .string(WireTime.string(startTime)) }
            if let endTime = run.endTime { members["EndTime"] = .string(WireTime.string(endTime)) }
            if let progress = run.progress, !run.status.isTerminal { members["Progress"] = .number(progress) }
            var result: [String: JSONValue] = [:]
            if let outcome = run.result {
                result["Files"] = .array(outcome.files.map { file in
                    .object(["FileURL": .string(file.location.description), "FileType": .string(file.fileType.rawValue)])
                })
                if let data = outcome.data { result["Data"] = data }
            }
            if let error = run.error {
                result["ErrorCode"] = .string(error.code.rawValue)
                result["ErrorMessage"] = .string(error.message)
            }
            members["Result"] = .object(result)
            results[run.name] = .object(members)
        }
        return JSONValue.object(results).jsonText
    }
}
