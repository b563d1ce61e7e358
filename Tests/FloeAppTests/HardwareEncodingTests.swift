import FloeApp
import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

/// `Video.Hardware` through a whole application on this machine, which has no GPU: a Transcode that requires
/// NVENC waits, `Ready`, for a worker that has it; one with `auto` is encoded in software and says so.
@Suite struct HardwareEncodingTests {
    static func template(_ name: String, hardware: String) -> String {
        """
        Name: \(name)
        Activities:
          Start: {Type: Start}
          mp4: {Type: Transcode, Parameters: {Outputs: [{Name: small, Container: mp4, Video: {Codec: h264, Height: 120, Hardware: \(hardware)}, Audio: {Codec: aac}}]}}
          End: {Type: End}
        Dependencies: {Start: [mp4], mp4: [End]}
        """
    }

    @Test func aRequiredEncoderWaitsForAWorkerThatHasItAndAutoFallsBackToSoftwareWithANote() async throws {
        let harness = try await AppHarness()
        let app = harness.app
        var ids: [String: WorkflowID] = [:]
        for (name, hardware) in [("gpu-only", "nvenc"), ("gpu-if-any", "auto")] {
            let template = WorkflowTemplate(document: try TemplateDocument.parse(Self.template(name, hardware: hardware)),
                                            accountID: app.localAccount, now: Date())
            try await app.store.saveTemplate(template)
            ids[name] = template.id
        }
        let clip = try await MediaFixtures.clip(seconds: 1)
        let nvenc = try await harness.start(try #require(ids["gpu-only"]), on: clip)
        let auto = try await harness.start(try #require(ids["gpu-if-any"]), on: clip)

        try await whileRunning(harness.services) {
            let ended = try await harness.finished(auto)
            #expect(ended.status == .succeed, "\(ended.message ?? "")")
            let worker = try #require(try await app.store.workers().first)
            #expect(worker.kinds.contains(.transcode))
            guard app.hardware.current.encoder(for: .h264, family: .nvenc) == nil else { return }  // a machine with NVENC
            #expect(worker.hardware == app.hardware.current.capabilities)

            let run = try #require(try await app.store.activityRuns(of: auto).first { $0.name == "mp4" })
            let data = try #require(run.result?.data)
            let encoder = app.hardware.current.encoder(for: .h264).map(\.name) ?? "libx264"
            #expect(data["Outputs"]?.arrayValue?.first?["VideoEncoder"]?.stringValue == encoder, "\(data.jsonText)")
            if encoder == "libx264" {
                #expect(data["Notes"] == .array([.string("no hardware encoder for h264; encoded in software")]), "\(data.jsonText)")
            }

            try await Task.sleep(for: .seconds(1))  // many polls of the pool
            #expect(try await app.store.activityRuns(of: nvenc).first { $0.name == "mp4" }?.status == .ready)
            #expect(try await app.store.task(nvenc)?.status == .initial, "not started, not failed")
        }
    }
}
