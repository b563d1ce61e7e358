import FloeCore
import FloeEngine
import FloeStoreSQLite
import FloeTesting
import Foundation
import Testing

/// An FFmpeg that stops making progress (frozen here with SIGSTOP) is found by `--stall-timeout`, killed, and its
/// attempt fails as transient: the transcode is tried again and the task succeeds.
@Suite struct StallTests {
    @Test(.timeLimit(.minutes(5)))
    func aFrozenFFmpegIsKilledAndItsTranscodeRetried() async throws {
        let folder = TemporaryFolder("stall")  // declared before the serve process, so it outlives it
        let data = folder.url
        let templateFile = data.appending(path: "stall.yaml")
        try CrashRecoveryTests.template.write(to: templateFile, atomically: true, encoding: .utf8)
        let clip = try await MediaFixtures.clip(seconds: 12, width: 1280, height: 720)
        let common = ["--data-dir", data.path, "--lease", "30", "--heartbeat", "0.3"]

        let queued = try await CommandLineTests().floe(["run", "--detach", "--template", templateFile.path, clip.path] + common)
        #expect(queued.status == 0, "\(queued.output)")
        let taskID = try TaskID(queued.output.trimmingCharacters(in: .whitespacesAndNewlines))
        let store = try SQLiteWorkflowStore(path: data.appending(path: "floe.sqlite").path)
        func transcode() async throws -> ActivityRun { try #require(await store.activityRuns(of: taskID).first { $0.name == "mp4" }) }

        // 8 s: well past any pause of a busy machine (FFmpeg writes progress every half second), short for a test.
        let serve = try FloeProcess(["serve", "--port", "0", "--stall-timeout", "8"] + common, log: data.appending(path: "serve.log"))
        try await eventually("the transcode is under way", timeout: .seconds(60)) {
            let run = try await transcode()
            return run.status == .running && (run.progress ?? 0) > 5
        }
        let scratch = data.appending(path: "scratch/\(taskID)-mp4", directoryHint: .isDirectory)
        let frozen = try #require(ScratchSpace.processes(using: scratch).first, "the transcode's FFmpeg")
        kill(frozen, SIGSTOP)

        try await eventually("the task ends", timeout: .seconds(180), interval: .milliseconds(200)) {
            try await store.task(taskID)?.status.isTerminal == true
        }
        let task = try #require(await store.task(taskID))
        #expect(task.status == .succeed, "\(task.message ?? "")\n\(serve.logText.suffix(3000))")
        #expect(try await transcode().attempt >= 2, "tried again")
        // Retry, then (once, unless a busy machine silenced a retry too) Succeeded.
        let attempts = try await store.attempts(of: taskID).filter { $0.name == "mp4" }
        #expect(attempts.first?.outcome == .retry && attempts.last?.outcome == .succeeded, "\(attempts)")
        #expect(attempts.dropLast().allSatisfy { $0.outcome == .retry }, "\(attempts)")
        #expect(kill(frozen, 0) != 0, "the frozen FFmpeg was killed")
        #expect(serve.logText.contains("made no progress for 8.0 seconds and was killed"), "\(serve.logText.suffix(3000))")
        try await serve.terminate()
    }
}
