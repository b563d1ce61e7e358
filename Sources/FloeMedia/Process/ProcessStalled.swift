/// A process wrote no line of standard output for longer than its runner's ``ProcessRunner/stallTimeout`` (FFmpeg
/// writes a progress line every half second while it works), so it was stopped.
public struct ProcessStalled: Error, Hashable, Sendable, CustomStringConvertible {
    public var executable: String
    public var silence: Duration

    public var description: String { "\(executable) wrote no progress for \(silence) and was stopped" }
}
