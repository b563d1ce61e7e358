import FloeCore
import Foundation

/// The body of every event Floe sends, IMS's envelope: `{"EventType", "UserId", "EventTime", "MessageBody"}`.
public enum EventEnvelope {
    /// The envelope as JSON text. `UserId` is a JSON number, as in IMS, written digit for digit (a 16-digit id
    /// does not survive a round trip through a double).
    public static func text(type: EventType, accountID: AccountID, time: Date, messageBody: [String: JSONValue]) -> String {
        var digits = Substring(accountID.rawValue).drop { $0 == "0" }
        if digits.isEmpty { digits = "0" }
        return #"{"EventType":\#(JSONValue.string(type.rawValue).jsonText),"UserId":\#(digits),"#
            + #""EventTime":\#(JSONValue.string(WireTime.string(time)).jsonText),"#
            + #""MessageBody":\#(JSONValue.object(messageBody).jsonText)}"#
    }

    /// `WorkflowTaskComplete` of an ended task with its runs: `MessageBody` holds `TaskId`, `WorkflowId`,
    /// `Status`, `MediaId`, `TaskInput` and `ActivityResults` (JSON text, as GetWorkflowTask gives them),
    /// `UserData` (when set), `CreateTime`, `ModifiedTime` and `FinishTime`.
    public static func workflowTaskComplete(_ task: WorkflowTask, runs: [ActivityRun]) -> String {
        let finish = task.finishTime ?? task.createTime
        var body: [String: JSONValue] = [
            "TaskId": .string(task.id.rawValue),
            "WorkflowId": .string(task.workflowID.rawValue),
            "Status": .string(task.status.rawValue),
            "MediaId": .string(task.mediaID.rawValue),
            "TaskInput": .string(task.input.jsonText),
            "ActivityResults": .string(ActivityResults.jsonText(runs)),
            "CreateTime": .string(WireTime.string(task.createTime)),
            "ModifiedTime": .string(WireTime.string(finish)),
            "FinishTime": .string(WireTime.string(finish)),
        ]
        if let userData = task.userData { body["UserData"] = .string(userData) }
        return text(type: .workflowTaskComplete, accountID: task.accountID, time: finish, messageBody: body)
    }

    /// `RegisterMediaComplete` of a media asset whose registration ended at `time` with `status` (`Normal` or
    /// `PrepareFail`): `MessageBody` holds `MediaId`, `InputURL`, `MediaType`, `Status`, and `ReferenceId` and
    /// `UserData` when set.
    public static func registerMediaComplete(_ media: MediaAsset, status: MediaAsset.Status, time: Date) -> String {
        var body: [String: JSONValue] = [
            "MediaId": .string(media.id.rawValue),
            "InputURL": .string(media.inputURL.description),
            "MediaType": .string(media.mediaType),
            "Status": .string(status.rawValue),
        ]
        if let referenceID = media.details.referenceID { body["ReferenceId"] = .string(referenceID) }
        if let userData = media.details.userData { body["UserData"] = .string(userData) }
        return text(type: .registerMediaComplete, accountID: media.accountID, time: time, messageBody: body)
    }
}
