import FloeEngine
@testable import FloeMedia
import FloeTesting
import Foundation
import Synchronization
import Testing

@Suite struct ProcessRunnerTests {
    @Test func streamsLinesAndKeepsStandardError() async throws {
        var lines: [String] = []
        let outcome = try await ProcessRunner().run("/bin/sh", arguments: ["-c", "printf 'one\\ntwo\\n'; echo oops >&2; exit 3"]) { lines.append($0) }
        #expect(lines == ["one", "two"])
        #expect(outcome.termination == .exited(3))
        #expect(outcome.standardErrorTail == "oops\n")
    }

    @Test func countsTheProcessesItRuns() async throws {
        let count = ProcessCount()
        let runner = ProcessRunner(count: count)
        // The process says it runs, then waits until the test has seen the count.
        let folder = TemporaryFolder("count")
        let seen = folder.appending(path: "seen")
        let running = Mutex<Int?>(nil)
        let outcome = try await runner.run("/bin/sh", arguments: ["-c", "echo up; while [ ! -e '\(seen.path)' ]; do sleep 0.05; done"]) { _ in
            running.withLock { $0 = count.current }
            _ = FileManager.default.createFile(atPath: seen.path, contents: nil)
        }
        #expect(outcome.termination.isSuccess)
        #expect(running.withLock { $0 } == 1, "one while it runs")
        #expect(count.current == 0, "none once it has ended")
    }

    @Test func keepsOnlyTheTailOfStandardError() async throws {
        let script = "i=0; while [ $i -lt 400 ]; do echo \"line $i of standard error\" >&2; i=$((i+1)); done"
        let outcome = try await ProcessRunner(standardErrorLimit: 1024).run("/bin/sh", arguments: ["-c", script])
        #expect(outcome.termination.isSuccess)
        #expect(outcome.standardErrorTail.utf8.count <= 1024)
        #expect(outcome.standardErrorTail.hasPrefix("line "))
        #expect(outcome.standardErrorTail.hasSuffix("line 399 of standard error\n"))
    }

    @Test func reportsAKillBySomeoneElse() async throws {
        let outcome = try await ProcessRunner().run("/bin/sh", arguments: ["-c", "kill -KILL $$"])
        #expect(outcome.termination == .signaled(SIGKILL))
        let error = MediaTool(name: "ffmpeg", path: "/bin/sh", runner: ProcessRunner()).failure(outcome, redactions: [])
        #expect(error.code == .processKilled)
        #expect(error.isTransient)
    }

    @Test(.timeLimit(.minutes(1))) func aSilentProcessIsKilledOnceItsStallTimeoutPasses() async throws {
        let runner = ProcessRunner(stallTimeout: .seconds(1))
        var lines: [String] = []
        let error = await #expect(throws: ProcessStalled.self) {
            try await runner.run("/bin/sh", arguments: ["-c", "echo up; sleep 30"]) { lines.append($0) }
        }
        #expect(error?.silence == .seconds(1))
        #expect(lines == ["up"], "killed in its sleep (a run to its end would have thrown nothing)")
        let tool = MediaTool(name: "ffmpeg", path: "/bin/sh", runner: runner)
        let activityError = await activityError { try await tool.run(["-c", "sleep 30"]) }
        #expect(activityError?.code == .processKilled && activityError?.isTransient == true, "\(String(describing: activityError))")
    }

    @Test func aProcessThatKeepsWritingIsNotStalled() async throws {
        // 12 s of a line every half second, against a 10 s timeout: the whole run outlasts it, no silence does
        // (a full parallel test run on 2 cores stretched a 0.4 s sleep to 4 s, hence the margins).
        var lines: [String] = []
        let outcome = try await ProcessRunner(stallTimeout: .seconds(10))
            .run("/bin/sh", arguments: ["-c", "i=0; while [ $i -lt 24 ]; do echo $i; i=$((i+1)); sleep 0.5; done"]) { lines.append($0) }
        #expect(outcome.termination.isSuccess)
        #expect(lines == (0..<24).map(String.init))
    }

    @Test func missingExecutable() async throws {
        await #expect(throws: ProcessLaunchError.self) {
            try await ProcessRunner().run("/nonexistent/ffmpeg", arguments: [])
        }
    }

    /// True while a process `pid` exists (a zombie counts as gone).
    static func exists(_ pid: pid_t) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
        return !status.contains("State:\tZ")
    }

    /// Runs `script` under `/bin/sh` with `runner`, cancels it once it has printed its pid, and returns the pid.
    static func cancel(_ script: String, runner: ProcessRunner) async throws -> pid_t {
        let pid = PIDCell()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await #expect(throws: CancellationError.self) {
                    try await runner.run("/bin/sh", arguments: ["-c", "echo $$; " + script]) { line in pid.set(pid_t(line)) }
                }
            }
            while pid.value == nil { try await Task.sleep(for: .milliseconds(20)) }
            group.cancelAll()
            try await group.waitForAll()
        }
        return try #require(pid.value)
    }

    final class PIDCell: Sendable {
        private let cell = Mutex<pid_t?>(nil)
        func set(_ pid: pid_t?) { cell.withLock { $0 = $0 ?? pid } }
        var value: pid_t? { cell.withLock { $0 } }
    }

    /// When cancellation returns, the process is gone (SIGTERM ended it).
    @Test(.timeLimit(.minutes(1))) func cancellationTerminatesTheProcess() async throws {
        let pid = try await Self.cancel("exec sleep 30", runner: ProcessRunner())
        #expect(!Self.exists(pid))
    }

    /// A process that ignores SIGTERM is killed once the grace period is over.
    @Test(.timeLimit(.minutes(1))) func cancellationKillsAProcessThatIgnoresSIGTERM() async throws {
        let pid = try await Self.cancel("trap '' TERM; while :; do :; done", runner: ProcessRunner(terminationGracePeriod: .milliseconds(500)))
        #expect(!Self.exists(pid))
    }
}

@Suite struct MediaToolTests {
    let tool = MediaTool(name: "ffmpeg", path: "ffmpeg", runner: ProcessRunner())

    @Test func classifiesFailures() {
        #expect(MediaTool.classify("[aist#0:0] Decoder (codec none) not found for input stream #0:1") == .unsupported)
        #expect(MediaTool.classify("Unknown encoder 'libfoo'") == .unsupported)
        #expect(MediaTool.classify("in.mp4: Invalid data found when processing input") == .invalidInput)
        #expect(MediaTool.classify("Conversion failed!") == .processFailed)
    }

    @Test func exitAfterCaughtSignalIsTransient() {
        let error = tool.failure(ProcessOutcome(termination: .exited(255), standardErrorTail: ""), redactions: [])
        #expect(error.code == .processKilled)
        #expect(error.isTransient)
    }

    @Test func messagesAreTheSameOnEveryAttempt() {
        let outcome = ProcessOutcome(termination: .exited(1), standardErrorTail: "[mov,mp4 @ 0x55a3bd9711c0] moov atom not found\n/tmp/scratch-1/in.mp4: Invalid data found when processing input\n")
        let error = tool.failure(outcome, redactions: [("/tmp/scratch-1/in.mp4", "oss://b/in.mp4")])
        #expect(error.message == "ffmpeg exited with status 1: [mov,mp4] moov atom not found\noss://b/in.mp4: Invalid data found when processing input")
        #expect(error.code == .invalidInput)
        #expect(!error.isTransient)
    }

    @Test func realFFmpegFailureCarriesStatusAndStandardError() async throws {
        let ffmpeg = MediaTool.ffmpeg(FFmpegConfiguration())
        let error = await activityError {
            try await ffmpeg.run(["-hide_banner", "-v", "error", "-f", "lavfi", "-i", "nullsrc=d=0.1", "-c:v", "nosuchcodec", "-f", "null", "-"])
        }
        #expect(error?.code == .unsupported)
        #expect(error?.isTransient == false)
        #expect(error?.message.hasPrefix("ffmpeg exited with status ") == true)
        #expect(error?.message.contains("nosuchcodec") == true)
    }
}
