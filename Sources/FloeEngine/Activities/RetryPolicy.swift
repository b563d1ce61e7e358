import Foundation

/// How often, and how far apart, a transient failure is tried again.
public struct RetryPolicy: Hashable, Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// Delay before the second attempt.
    public var initialBackoff: Duration
    /// Factor applied to the delay after each attempt.
    public var multiplier: Double
    /// The longest delay.
    public var maxBackoff: Duration
    /// Fraction of the delay added or removed at random (0.2: ±20%).
    public var jitter: Double

    public init(maxAttempts: Int = 3, initialBackoff: Duration = .seconds(2), multiplier: Double = 2,
                maxBackoff: Duration = .seconds(60), jitter: Double = 0.2) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.multiplier = multiplier
        self.maxBackoff = maxBackoff
        self.jitter = jitter
    }

    public static let standard = RetryPolicy()

    /// The delay before the next attempt after `attempt` (1-based) failed with `error`, or `nil` when the
    /// failure is final: deterministic, or the attempts are spent. `random` is in `0..<1`.
    public func delay(after attempt: Int, error: ActivityError, random: Double) -> Duration? {
        guard error.isTransient, attempt < maxAttempts else { return nil }
        return backoff(after: attempt, random: random)
    }

    /// The delay after failed attempt `attempt` (1-based), whatever ``maxAttempts`` says: ``initialBackoff``
    /// times ``multiplier`` for each attempt before, at most ``maxBackoff``, with ``jitter``. `random` is in `0..<1`.
    public func backoff(after attempt: Int, random: Double) -> Duration {
        var seconds = initialBackoff.seconds * pow(multiplier, Double(max(0, attempt - 1)))
        seconds = min(seconds, maxBackoff.seconds)
        seconds *= 1 + jitter * (2 * random - 1)
        return .milliseconds(Int64((max(0, seconds) * 1000).rounded()))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
