import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs a command line tool: streams its standard output line by line, keeps only the tail of its
/// standard error, and stops it when the calling task is cancelled.
///
/// On cancellation the process gets `SIGTERM`, then `SIGKILL` once ``terminationGracePeriod`` has passed,
/// and ``run(_:arguments:onOutputLine:)`` throws `CancellationError` after the process has been reaped.
public struct ProcessRunner: Sendable {
    /// How long a process has to exit after `SIGTERM` before it gets `SIGKILL`.
    public var terminationGracePeriod: Duration
    /// How much of standard error is kept, in bytes.
    public var standardErrorLimit: Int

    /// Counts the processes this runner has running (with every other runner sharing it).
    public var count: ProcessCount
    /// When set, a process that writes no line of standard output for this long is stopped (as on
    /// cancellation) and ``run(_:arguments:onOutputLine:)`` throws ``ProcessStalled``.
    public var stallTimeout: Duration?

    public init(terminationGracePeriod: Duration = .seconds(3), standardErrorLimit: Int = 4096, count: ProcessCount = .shared,
                stallTimeout: Duration? = nil) {
        self.count = count
        self.terminationGracePeriod = terminationGracePeriod
        self.standardErrorLimit = standardErrorLimit
        self.stallTimeout = stallTimeout
    }

    /// Runs `executable` (a path, or a name looked up on `PATH`) to its end.
    ///
    /// - Parameter onOutputLine: called with each line of standard output, in order; an error it throws
    ///   stops the process and is rethrown.
    /// - Returns: how the process ended; a non-zero status is not an error here.
    /// - Throws: `CancellationError` when the task was cancelled, ``ProcessLaunchError`` when the process
    ///   could not start, ``ProcessStalled`` when it was silent for ``stallTimeout``, or what `onOutputLine` threw.
    public func run(
        _ executable: String,
        arguments: [String],
        onOutputLine: (String) async throws -> Void = { _ in }
    ) async throws -> ProcessOutcome {
        var options = PlatformOptions()
        options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: terminationGracePeriod)]
        let limit = standardErrorLimit
        let result: ExecutionResult<String, SequenceOutput, SequenceOutput>
        do {
            result = try await Subprocess.run(
                executable.contains("/") ? .path(FilePath(executable)) : .name(executable),
                arguments: Arguments(arguments),
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                count.started()
                defer { count.ended() }
                async let tail = Self.tail(of: execution.standardError, limit: limit)
                let watch = StallWatch()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    if let stallTimeout {
                        // Kills the process once it has been silent for the timeout; its output then ends.
                        group.addTask {
                            while let deadline = watch.deadline(after: stallTimeout) {
                                try await Task.sleep(until: deadline)
                            }
                            try? execution.send(signal: .kill)
                        }
                    }
                    for try await line in execution.standardOutput.strings() {
                        watch.heard()
                        try await onOutputLine(line)
                    }
                    group.cancelAll()
                }
                if let stallTimeout, watch.stalled { throw ProcessStalled(executable: executable, silence: stallTimeout) }
                return try await tail
            }
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            throw ProcessLaunchError(executable: executable, reason: "\(error)")
        }
        // A process stopped because the task was cancelled ends by a signal Floe sent, or by exiting
        // after SIGTERM; either way the caller sees the cancellation, not a failure.
        try Task.checkCancellation()
        let termination: ProcessOutcome.Termination = switch result.terminationStatus {
        case .exited(let status): .exited(status)
        case .signaled(let signal): .signaled(signal)
        }
        return ProcessOutcome(termination: termination, standardErrorTail: result.closureResult)
    }

    /// Reads `stream` to its end and returns its last `limit` bytes, from the start of a line.
    private static func tail(of stream: SubprocessOutputSequence, limit: Int) async throws -> String {
        var kept: [UInt8] = []
        var dropped = false
        for try await buffer in stream {
            buffer.withUnsafeBytes { kept.append(contentsOf: $0) }
            if kept.count > 2 * limit {
                kept.removeFirst(kept.count - limit)
                dropped = true
            }
        }
        if kept.count > limit {
            kept.removeFirst(kept.count - limit)
            dropped = true
        }
        if dropped, let newline = kept.firstIndex(of: UInt8(ascii: "\n")) {
            kept.removeFirst(newline + 1)
        }
        return String(decoding: kept, as: UTF8.self)
    }
}

/// When a process last wrote a line, and whether it was found silent for too long.
private final class StallWatch: Sendable {
    private let state = Mutex((last: ContinuousClock.now, stalled: false))

    /// Notes a line.
    func heard() {
        state.withLock { $0.last = .now }
    }

    /// When the process will have been silent for `timeout`; `nil` (and ``stalled`` from then on) when it has.
    func deadline(after timeout: Duration) -> ContinuousClock.Instant? {
        state.withLock { state in
            let deadline = state.last + timeout
            guard ContinuousClock.now < deadline else {
                state.stalled = true
                return nil
            }
            return deadline
        }
    }

    var stalled: Bool { state.withLock { $0.stalled } }
}
