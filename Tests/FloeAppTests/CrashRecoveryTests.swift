import FloeCore
import FloeEngine
import FloeStoreSQLite
import FloeTesting
import Foundation
import Testing

/// `floe serve` killed with SIGKILL in the middle of a transcode, then started again: the task goes on to
/// Succeed and no output is listed twice. Runs the real `floe` binary built next to the tests.
@Suite struct CrashRecoveryTests {
    static let template = """
    Name: crash-test
    Activities:
      Start: {Type: Start}
      mp4: {Type: Transcode, Parameters: {Outputs: [
              {Name: big, Container: mp4, Video: {Codec: h264, Height: 720, Preset: medium, Crf: 20}, Audio: {Codec: aac}},
              {Name: small, Container: mp4, Video: {Codec: h264, Height: 360, Preset: medium}, Audio: {Codec: aac}}]}}
      End: {Type: End}
    Dependencies: {Start: [mp4], mp4: [End]}
    """

    @Test func killMinus9MidTranscodeLosesNothingAndDuplicatesNothing() async throws {
        let folder = TemporaryFolder("crash")  // declared before the processes, so it outlives them
        let data = folder.url
        let templateFile = data.appending(path: "crash.yaml")
        try Self.template.write(to: templateFile, atomically: true, encoding: .utf8)
        let clip = try await MediaFixtures.clip(seconds: 12, width: 1280, height: 720)
        let common = ["--data-dir", data.path, "--lease", "3", "--heartbeat", "0.3"]
        let log = data.appending(path: "serve.log")

        // Queue the task without running it.
        let submit = Process()
        let out = Pipe()
        submit.executableURL = try FloeProcess.binary()
        submit.arguments = ["run", "--detach", "--template", templateFile.path, clip.path] + common
        submit.standardOutput = out
        try submit.run()
        let printed = String(decoding: await ProcessOutput.readToEnd(out.fileHandleForReading), as: UTF8.self)
        await ProcessOutput.waitForExit(submit)
        #expect(submit.terminationStatus == 0)
        let taskID = try TaskID(printed.trimmingCharacters(in: .whitespacesAndNewlines))

        let store = try SQLiteWorkflowStore(path: data.appending(path: "floe.sqlite").path)
        func transcode() async throws -> ActivityRun { try #require(await store.activityRuns(of: taskID).first { $0.name == "mp4" }) }

        // First server: killed once the transcode is under way.
        let first = try FloeProcess(["serve", "--port", "0"] + common, log: log)
        try await eventually("the transcode is under way", timeout: .seconds(60)) {
            let run = try await transcode()
            return run.status == .running && (run.progress ?? 0) > 5
        }
        first.signal(SIGKILL)
        try await eventually("the killed server is gone", timeout: .seconds(10)) { !first.process.isRunning }
        #expect(first.process.terminationReason == .uncaughtSignal)
        let interrupted = try await transcode()
        #expect(interrupted.status == .running, "the dead worker still holds the lease until it expires")
        let interruptedTask = try await store.task(taskID)
        #expect(interruptedTask?.status == .processing)

        // Second server: reclaims the expired lease and finishes the task; the dead server's FFmpeg, still
        // writing into the run's scratch folder, is stopped before the new attempt starts.
        let scratch = data.appending(path: "scratch/\(taskID)-mp4", directoryHint: .isDirectory)
        #expect(!ScratchSpace.processes(using: scratch).isEmpty, "the killed server's FFmpeg lives on")
        let second = try FloeProcess(["serve", "--port", "0"] + common, log: log)
        try await eventually("the second attempt is under way", timeout: .seconds(60)) {
            let run = try await transcode()
            return run.attempt == 2 && run.status == .running && (run.progress ?? 0) > 0
        }
        #expect(ScratchSpace.processes(using: scratch).count == 1, "only the new attempt's FFmpeg writes there")
        try await eventually("the task ends", timeout: .seconds(180), interval: .milliseconds(200)) {
            try await store.task(taskID)?.status.isTerminal == true
        }
        let task = try #require(await store.task(taskID))
        #expect(task.status == .succeed, "\(task.message ?? "")\n\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let finalRun = try await transcode()
        #expect(finalRun.attempt == 2)
        let media = try #require(await store.media(task.mediaID))
        let keys = media.files.map(\.location)
        #expect(Set(keys).count == keys.count, "no output is listed twice: \(keys)")
        #expect(media.files.filter { $0.fileType == .transcodeFile }.count == 2)
        for file in media.files where file.fileType == .transcodeFile {
            let path = data.appending(path: "storage/\(file.location.bucket)/\(file.location.key)")
            let video = try await probeStream(path, "v")
            #expect(video.first == "h264")
        }

        // SIGTERM stops the server gracefully.
        try await second.terminate()
    }
}
