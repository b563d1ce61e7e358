import FloeCore

/// One kind of step a template can use (`MediaInfo`, `Transcode`, `Snapshot`…).
///
/// An activity must be idempotent: it writes its outputs to deterministic locations, each whole (temp file
/// and rename, or one PUT), so running it twice after a crash leaves the same outputs once.
/// It reports progress through ``ActivityContext/heartbeat(progress:)`` and stops promptly when its task
/// is cancelled (Swift task cancellation).
public protocol Activity: Sendable {
    /// The template `Type` this activity implements.
    var kind: ActivityKind { get }
    /// How transient failures are retried.
    var retryPolicy: RetryPolicy { get }
    /// Runs the activity once.
    func run(context: ActivityContext) async throws -> ActivityResult
}

extension Activity {
    public var retryPolicy: RetryPolicy { .standard }
}
