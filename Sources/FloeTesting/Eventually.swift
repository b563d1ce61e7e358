import Testing

/// Polls `condition` every `interval` until it holds; records an issue and throws when `timeout` passes (60 s by
/// default: generous, because a whole parallel test run on two shared cores can starve one check for a while;
/// a check that holds returns at once). The condition is checked once more after the deadline, so a wait that
/// was itself starved past it fails only if the condition still does not hold.
public func eventually(
    _ what: String, timeout: Duration = .seconds(60), interval: Duration = .milliseconds(50),
    sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    if try await condition() { return }
    Issue.record("timed out after \(timeout) waiting for: \(what)", sourceLocation: sourceLocation)
    throw TimeoutError(what: what)
}

/// Thrown by ``eventually(_:timeout:interval:sourceLocation:_:)`` when its condition never held.
public struct TimeoutError: Error, CustomStringConvertible {
    public let what: String
    public var description: String { "timed out waiting for: \(what)" }
}
