import Synchronization

/// How many processes some ``ProcessRunner``s have running now. Every runner counts in ``shared`` unless
/// given another; `/metrics` reports it as `floe_ffmpeg_processes`.
public final class ProcessCount: Sendable {
    /// The count of every runner of this process that was not given its own.
    public static let shared = ProcessCount()

    private let value = Atomic<Int>(0)

    public init() {}

    /// The processes running now.
    public var current: Int { value.load(ordering: .relaxed) }

    func started() { value.add(1, ordering: .relaxed) }
    func ended() { value.subtract(1, ordering: .relaxed) }
}
