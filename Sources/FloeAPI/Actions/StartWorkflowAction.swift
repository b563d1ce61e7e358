import FloeCore
import FloeEngine
import FloeStorage

/// `StartWorkflow` (spec §3.1): `WorkflowId`, `TaskInput`, `UserData`, `SkipInputVerification` →
/// `{RequestId, TaskId}`.
///
/// Unless `SkipInputVerification` is true, an OSS input must be a media file by its extension, lie in the
/// template's bound location (`Start.Parameters.InputLocation`, matched by ``InputLocationRule``; a template
/// bound to none accepts any input) and exist in the object store. A `Media` input skips these checks, as in
/// IMS.
public struct StartWorkflowAction: RPCAction {
    /// The action name.
    public static let name = "StartWorkflow"
    /// `UserData` may have at most this many bytes.
    public static let maximumUserDataBytes = 512

    let launcher: WorkflowLauncher
    let objectStore: any ObjectStore
    let buckets: any BucketAccessPolicy

    /// The action over the given dependencies.
    public init(launcher: WorkflowLauncher, objectStore: any ObjectStore, buckets: any BucketAccessPolicy) {
        self.launcher = launcher
        self.objectStore = objectStore
        self.buckets = buckets
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let workflowText = try parameters.required("WorkflowId")
        guard let workflowID = try? WorkflowID(workflowText) else {
            throw APIError.invalidParameter("WorkflowId", "workflow \(ActionParameters.excerpt(workflowText)) does not exist.")
        }
        let inputText = try parameters.required("TaskInput")
        let input: TaskInput
        do {
            input = try TaskInput(jsonText: inputText)
        } catch {
            throw APIError.invalidParameter("TaskInput", error.message)
        }
        let userData = try parameters.userData(maximumBytes: Self.maximumUserDataBytes)
        let skipVerification = try parameters.bool("SkipInputVerification") ?? false
        // Whatever SkipInputVerification says, an account reads only its own buckets.
        if case .oss(let location) = input { try await buckets.require(location.bucket, parameter: "TaskInput", caller: caller) }
        let task: WorkflowTask
        do {
            let template = try await launcher.template(workflowID, accountID: caller.accountID)
            if case .oss(let location) = input, !skipVerification {
                try await verify(location, for: template)
            }
            task = try await launcher.start(template: template, input: input, accountID: caller.accountID,
                                            userData: userData, now: caller.now)
        } catch let error as FloeError where error.code == .invalidParameter {
            let name = error.message.hasPrefix("workflow") ? "WorkflowId" : "TaskInput"
            throw APIError.invalidParameter(name, error.message + ".")
        }
        return ["TaskId": .string(task.id.rawValue)]
    }

    /// Throws `InvalidParameter` (TaskInput) unless `location` is a media file in `template`'s bound location
    /// that exists.
    func verify(_ location: StorageLocation, for template: WorkflowTemplate) async throws {
        guard MediaExtensions.isMedia(fileName: location.fileName) else {
            throw APIError.invalidParameter("TaskInput", "\(location) is not a media file (by its extension).")
        }
        if let bound = template.topology.startParameters.inputLocation, !InputLocationRule(bound).matches(location) {
            throw APIError.invalidParameter(
                "TaskInput", "\(location) does not lie in the workflow's bound location \(bound) (InputLocation).")
        }
        guard try await objectStore.head(location) != nil else {
            throw APIError.invalidParameter("TaskInput", "\(location) does not exist.")
        }
    }
}
