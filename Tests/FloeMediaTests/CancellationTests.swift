import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

@Suite struct CancellationTests {
    /// Command lines of the running processes that mention `marker`.
    static func processes(mentioning marker: String) -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            return line.contains(marker) ? line : nil
        }
    }

    /// Cancelling the activity's task stops its FFmpeg: when `run` returns, no process of it remains. A
    /// runner that never stopped FFmpeg would not return; the time limit turns that into a failure.
    @Test(.timeLimit(.minutes(2))) func cancellingStopsFFmpeg() async throws {
        let bed = try MediaTestBed()
        // 60 s of small video made 4K: tens of seconds of work on two cores, with progress from the first
        // second (ultrafast has no lookahead).
        let input = try await bed.put(MediaFixtures.clip(seconds: 60, width: 160, height: 90, fps: 10, audio: false))
        let parameters = TranscodeParameters(outputs: [
            TranscodeOutput(name: "big", container: .mp4, video: VideoSettings(codec: .h264, width: 3840, height: 2160, preset: "ultrafast")),
        ])
        let context = try bed.context(input: input, encoding: parameters)
        let activity = TranscodeActivity(objectStore: bed.store)
        let marker = bed.root.path
        let progress = bed.progress

        let clock = ContinuousClock()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await #expect(throws: CancellationError.self) { try await activity.run(context: context) }
            }
            // Wait until ffmpeg reports progress through the heartbeat.
            let deadline = clock.now + .seconds(30)
            while (progress.latest ?? 0) <= 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            let midway = try #require(progress.latest)
            #expect(midway > 0 && midway < 100)
            #expect(Self.processes(mentioning: marker).contains { $0.contains("libx264") })
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(Self.processes(mentioning: marker).isEmpty)
        #expect(try await bed.store.list(bucket: MediaTestBed.outputBucket, prefix: "", after: nil, limit: 10).objects.isEmpty)
    }

    @Test func aSignalFloeDidNotSendIsTransient() async throws {
        let bed = try MediaTestBed()
        let input = try await bed.put(MediaFixtures.clip(seconds: 60, width: 160, height: 90, fps: 10, audio: false))
        let parameters = TranscodeParameters(outputs: [
            TranscodeOutput(name: "big", container: .mkv, video: VideoSettings(codec: .h264, width: 3840, height: 2160, preset: "ultrafast")),
        ])
        let context = try bed.context(input: input, encoding: parameters)
        let activity = TranscodeActivity(objectStore: bed.store)
        let marker = bed.root.path
        let progress = bed.progress

        let error = try await withThrowingTaskGroup(of: ActivityError?.self) { group in
            group.addTask { await activityError { try await activity.run(context: context) } }
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(30)
            while (progress.latest ?? 0) <= 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            for pid in Self.processIDs(mentioning: marker, and: "libx264") { kill(pid, SIGTERM) }
            return try await group.next() ?? nil
        }
        #expect(error?.code == .processKilled)
        #expect(error?.isTransient == true)
    }

    /// Process IDs whose command line mentions both `marker` and `other`.
    static func processIDs(mentioning marker: String, and other: String) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let line = String(decoding: data, as: UTF8.self)
            return line.contains(marker) && line.contains(other)
        }
    }
}
