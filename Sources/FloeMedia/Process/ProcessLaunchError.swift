/// A process could not be started: the executable is missing or not executable.
public struct ProcessLaunchError: Error, Hashable, Sendable, CustomStringConvertible {
    public var executable: String
    public var reason: String

    public var description: String { "could not start \(executable): \(reason)" }
}
