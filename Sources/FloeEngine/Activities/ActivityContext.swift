import FloeCore
import Foundation
import Synchronization

/// What an activity gets to do its work: its task, its parameters, its input, a scratch folder and a way
/// to report progress.
public struct ActivityContext: Sendable {
    public let taskID: TaskID
    public let mediaID: MediaID
    /// The activity's name in the template.
    public let activityName: String
    /// The activity's `Parameters`, validated when the template was saved.
    public let parameters: JSONValue
    /// 1 on the first attempt.
    public let attempt: Int
    /// The task's input file.
    public let input: StorageLocation
    /// Results of the task's activities that have succeeded, by name.
    public let upstream: [String: ActivityResult]
    /// A folder of this attempt's own, empty at the start and removed afterwards.
    public let scratchDirectory: URL
    /// The bucket outputs go to when a template names no output location.
    public let outputBucket: String
    /// Where ``heartbeat(progress:)`` writes; the worker reads it when it renews the lease.
    public let progressCell: ProgressCell
    /// The account that owns the task, for activities that check the buckets their parameters name
    /// (a transcode's watermark image); `nil` when no account applies (tests, `floe run` without a store).
    public let accountID: AccountID?

    public init(taskID: TaskID, mediaID: MediaID, activityName: String, parameters: JSONValue, attempt: Int,
                input: StorageLocation, upstream: [String: ActivityResult], scratchDirectory: URL,
                outputBucket: String, progress: ProgressCell = ProgressCell(), accountID: AccountID? = nil) {
        self.taskID = taskID
        self.mediaID = mediaID
        self.activityName = activityName
        self.parameters = parameters
        self.attempt = attempt
        self.input = input
        self.upstream = upstream
        self.scratchDirectory = scratchDirectory
        self.outputBucket = outputBucket
        self.progressCell = progress
        self.accountID = accountID
    }

    /// Records progress, 0 to 100; the worker sends the latest value with its next lease renewal.
    public func heartbeat(progress value: Double) {
        progressCell.set(min(100, max(0, value)))
    }

    /// Decodes the parameters as `T`.
    public func parameters<T: Decodable>(as type: T.Type) throws -> T {
        do {
            return try parameters.decode(T.self)
        } catch {
            let detail = (error as? DecodingError)?.fieldMessage ?? "\(error)"
            throw ActivityError(.invalidParameter, "activity '\(activityName)': Parameters.\(detail)", transient: false)
        }
    }

    /// Where the output `outputName` with extension `ext` goes: `template`, or the default pattern under
    /// the output bucket.
    public func outputLocation(_ template: OutputLocationTemplate?, outputName: String, ext: String) throws -> StorageLocation {
        let pattern = template ?? .default(bucket: outputBucket)
        let values = OutputLocationTemplate.Values(
            mediaID: mediaID, taskID: taskID, activityName: activityName, outputName: outputName,
            fileName: input.baseName, ext: ext
        )
        do {
            return try pattern.resolve(values)
        } catch {
            throw ActivityError(.invalidParameter, "activity '\(activityName)': output location: \(error.message)", transient: false)
        }
    }
}

/// The latest progress an activity reported; shared between the activity and its worker.
public final class ProgressCell: Sendable {
    private let value = Mutex<Double?>(nil)

    public init() {}

    public func set(_ progress: Double) { value.withLock { $0 = progress } }

    /// The latest value, or `nil` when none was reported.
    public var latest: Double? { value.withLock { $0 } }
}
