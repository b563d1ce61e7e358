import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Logging
import ServiceLifecycle
import Testing

/// A worker pool advertises itself (its slots and the activity kinds it runs) while it runs, claims only what it
/// can run, and removes its record when it stops.
@Suite struct WorkerAdvertisingTests {
    @Test func aPoolAdvertisesItsKindsClaimsOnlyThoseAndWithdrawsWhenItStops() async throws {
        let harness = try EngineHarness()
        let id = try await harness.startTask(diamondYAML)  // a: MediaInfo; b, c: Snapshot
        let mediaInfoOnly = harness.pool([WorkerPoolTests.succeed], slots: 3, owner: "mediainfo-only")
        try await whileRunningGracefully(mediaInfoOnly) {
            try await eventually("the pool advertises itself") { try await harness.store.workers().count == 1 }
            let record = try #require(try await harness.store.workers().first)
            #expect(record.owner == "mediainfo-only" && record.slots == 3 && record.kinds == [.mediaInfo])
            try await eventually("a runs") { try await harness.run(id, "a").status == .succeed }
            try await Task.sleep(for: .milliseconds(500))  // ten polls of the pool
            // The Snapshots wait for a worker that runs them: they are not failed as unsupported.
            #expect(try await harness.run(id, "b").status == .ready)
            #expect(try await harness.run(id, "c").status == .ready)
            #expect(try await harness.task(id).status == .processing)
        }
        #expect(try await harness.store.workers().isEmpty, "the record goes with the pool")

        let both = harness.pool([WorkerPoolTests.succeed, ClosureActivity(.snapshot) { _ in ActivityResult() }], owner: "both")
        try await whileRunningGracefully(both) {
            let finished = try await harness.finished(id)
            #expect(finished.status == .succeed)
        }
    }

    /// A pool's capabilities are its kinds and what it detects at start; a Transcode that needs NVENC goes to the
    /// pool that found it, not to one that did not.
    @Test func aPoolAdvertisesWhatItDetectsAndOnlyAPoolWithNVENCTakesAnNVENCTranscode() async throws {
        let harness = try EngineHarness()
        let id = try await harness.startTask("""
            Name: nvenc
            Activities:
              Start: {Type: Start}
              mp4: {Type: Transcode, Parameters: {Outputs: [{Name: a, Video: {Codec: h264, Hardware: nvenc}}]}}
              End: {Type: End}
            Dependencies: {Start: [mp4], mp4: [End]}
            """)
        let transcode = ClosureActivity(.transcode) { _ in ActivityResult() }
        let cpu = harness.pool([transcode], owner: "cpu")
        try await whileRunningGracefully(cpu) {
            try await eventually("the CPU pool advertises itself") { try await harness.store.workers().count == 1 }
            #expect(try await harness.store.workers().first?.hardware == [])
            try await Task.sleep(for: .milliseconds(500))  // ten polls of the pool
            #expect(try await harness.run(id, "mp4").status == .ready)
        }
        let gpu = harness.pool([transcode], owner: "gpu") { [.hardware(.nvenc, .h264), .anyHardware(.h264)] }
        try await whileRunningGracefully(gpu) {
            let finished = try await harness.finished(id)
            #expect(finished.status == .succeed)
            let record = try #require(try await harness.store.workers().first)
            #expect(record.capabilities == [.kind(.transcode), .hardware(.nvenc, .h264), .anyHardware(.h264)])
        }
    }

    /// Runs `service` in a service group around `body`, then shuts the group down gracefully and waits for it.
    func whileRunningGracefully(_ service: any Service, _ body: () async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let group = ServiceGroup(services: [service], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
