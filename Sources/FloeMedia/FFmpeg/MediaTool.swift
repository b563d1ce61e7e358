import FloeEngine
import Foundation

/// `ffmpeg` or `ffprobe`, run with Floe's rules for turning a failure into an ``ActivityError``.
struct MediaTool: Sendable {
    /// `ffmpeg` or `ffprobe`, as named in messages.
    var name: String
    var path: String
    var runner: ProcessRunner

    static func ffmpeg(_ configuration: FFmpegConfiguration) -> MediaTool {
        MediaTool(name: "ffmpeg", path: configuration.ffmpegPath, runner: configuration.runner(watchingForStalls: true))
    }

    static func ffprobe(_ configuration: FFmpegConfiguration) -> MediaTool {
        MediaTool(name: "ffprobe", path: configuration.ffprobePath, runner: configuration.runner(watchingForStalls: false))
    }

    /// Runs the tool to its end.
    ///
    /// - Parameter redactions: local paths and what to show instead in messages (the storage location
    ///   of the input, an output's name), so that a message is the same on every attempt.
    /// - Throws: an ``ActivityError`` when the tool fails (see ``failure(_:redactions:)``) or stalls (transient:
    ///   it is tried again), `CancellationError` when the task was cancelled.
    @discardableResult
    func run(_ arguments: [String], redactions: [(String, String)] = [],
             onOutputLine: (String) async throws -> Void = { _ in }) async throws -> ProcessOutcome {
        let outcome: ProcessOutcome
        do {
            outcome = try await runner.run(path, arguments: arguments, onOutputLine: onOutputLine)
        } catch let error as ProcessLaunchError {
            throw ActivityError(.internalError, "\(name) could not be started (\(path)): \(error.reason)", transient: true)
        } catch let error as ProcessStalled {
            throw ActivityError(.processKilled, "\(name) made no progress for \(error.silence) and was killed", transient: true)
        }
        guard outcome.termination.isSuccess else { throw failure(outcome, redactions: redactions) }
        return outcome
    }

    /// The error for a run that did not succeed.
    ///
    /// A process killed by a signal Floe did not send, or that exited with 255 (FFmpeg's status after
    /// catching `SIGTERM`), is transient (`.processKilled`); any other non-zero exit is
    /// deterministic: `.unsupported` when the tool lacks a decoder or encoder or the container cannot hold a
    /// codec, `.invalidInput` when the input is not readable media, `.processFailed` otherwise.
    func failure(_ outcome: ProcessOutcome, redactions: [(String, String)]) -> ActivityError {
        let tail = Self.redact(outcome.standardErrorTail, redactions)
        switch outcome.termination {
        case .signaled(let signal):
            return ActivityError(.processKilled, "\(name) was killed by signal \(signal)\(tail.isEmpty ? "" : ": \(tail)")", transient: true)
        case .exited(255):
            // FFmpeg catches SIGTERM, SIGINT and SIGQUIT and then exits with 255; Floe's own stop is a
            // cancellation and never gets here.
            return ActivityError(.processKilled, "\(name) was stopped by a signal (exit status 255)\(tail.isEmpty ? "" : ": \(tail)")", transient: true)
        case .exited(let status):
            let message = "\(name) exited with status \(status)\(tail.isEmpty ? "" : ": \(tail)")"
            return ActivityError(Self.classify(tail), message, transient: false)
        }
    }

    static let unsupportedMarks = [
        "Decoder (codec", "Unknown decoder", "Unknown encoder", "Encoder not found", "Encoder (codec",
        "not currently supported in container", "Could not find tag for codec", "Unsupported codec",
        "No decoder for",
    ]
    static let invalidInputMarks = [
        "Invalid data found when processing input", "moov atom not found", "could not find codec parameters",
        "Error while decoding stream", "partial file",
    ]

    /// The kind of failure that a tool's standard error tells of.
    static func classify(_ standardError: String) -> ActivityError.Code {
        if unsupportedMarks.contains(where: standardError.contains) { return .unsupported }
        if invalidInputMarks.contains(where: standardError.contains) { return .invalidInput }
        return .processFailed
    }

    /// `text` with each path of `redactions` replaced, FFmpeg's context addresses (`[mov @ 0x55…]`)
    /// removed, and surrounding blank space trimmed.
    static func redact(_ text: String, _ redactions: [(String, String)]) -> String {
        var text = text
        for (path, shown) in redactions.sorted(by: { $0.0.count > $1.0.count }) where !path.isEmpty {
            text = text.replacingOccurrences(of: path, with: shown)
        }
        text = text.replacingOccurrences(of: #" @ 0x[0-9a-fA-F]+"#, with: "", options: .regularExpression)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
