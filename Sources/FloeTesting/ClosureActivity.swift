import FloeCore
import FloeEngine

/// An activity whose work is a closure: for engine tests that need to control how an activity behaves.
public struct ClosureActivity: Activity {
    public let kind: ActivityKind
    public let retryPolicy: RetryPolicy
    let body: @Sendable (ActivityContext) async throws -> ActivityResult

    public init(_ kind: ActivityKind, retryPolicy: RetryPolicy = .standard,
                _ body: @escaping @Sendable (ActivityContext) async throws -> ActivityResult) {
        self.kind = kind
        self.retryPolicy = retryPolicy
        self.body = body
    }

    public func run(context: ActivityContext) async throws -> ActivityResult {
        try await body(context)
    }
}
