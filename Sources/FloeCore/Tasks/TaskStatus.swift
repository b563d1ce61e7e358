/// The state of a workflow task, spelt as IMS spells it.
public enum TaskStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Accepted; no activity has started yet.
    case initial = "Init"
    /// At least one activity has been claimed.
    case processing = "Processing"
    case succeed = "Succeed"
    case failed = "Failed"
    case canceled = "Canceled"

    /// True for `Succeed`, `Failed` and `Canceled`.
    public var isTerminal: Bool { self == .succeed || self == .failed || self == .canceled }
}

/// The state of one activity of one task.
public enum ActivityStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// Some predecessor has not succeeded yet.
    case waiting = "Waiting"
    /// May be claimed (at or after its `notBefore` time).
    case ready = "Ready"
    /// Claimed by a worker that holds a lease on it.
    case running = "Running"
    case succeed = "Succeed"
    case failed = "Failed"
    case canceled = "Canceled"
    /// Never ran, because the task ended first.
    case skipped = "Skipped"

    public var isTerminal: Bool {
        switch self {
        case .succeed, .failed, .canceled, .skipped: true
        case .waiting, .ready, .running: false
        }
    }
}
