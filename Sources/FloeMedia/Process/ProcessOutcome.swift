/// How a finished process ended, and the end of what it wrote to standard error.
public struct ProcessOutcome: Hashable, Sendable {
    /// How a process ended.
    public enum Termination: Hashable, Sendable, CustomStringConvertible {
        /// It exited with this status.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)

        /// True for an exit with status 0.
        public var isSuccess: Bool { self == .exited(0) }

        public var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signaled(let signal): "was killed by signal \(signal)"
            }
        }
    }

    public var termination: Termination
    /// The last few kilobytes of standard error, starting at a line.
    public var standardErrorTail: String

    public init(termination: Termination, standardErrorTail: String) {
        self.termination = termination
        self.standardErrorTail = standardErrorTail
    }
}
