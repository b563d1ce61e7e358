import FloeApp
import FloeCore
import FloeMedia
import FloeTesting
import Foundation
import Logging
import Testing

/// `floe run` probes its input while the store opens (`FloeApplication.probeAhead`), and the import lets the stored
/// copy share that reading: the media preparer then runs no `ffprobe` of its own (counted by a wrapper that logs
/// each run, with a cache of the test's own).
@Suite struct ProbeAheadTests {
    @Test func anInputProbedAheadIsNotProbedAgainAfterItsImport() async throws {
        let folder = TemporaryFolder("probe-ahead")
        let ffprobe = try LoggingTool("ffprobe", in: folder.url)
        func runs() -> Int { ffprobe.runs.count }

        var configuration = FloeConfiguration(dataDirectory: folder.appending(path: "data"), ffprobePath: ffprobe.path)
        configuration.probeCache = ProbeCache()  // of its own: the shared one drops readings while other tests probe
        let ahead = folder.appending(path: "ahead.mp4"), plain = folder.appending(path: "plain.mp4")
        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        try FileManager.default.copyItem(at: clip, to: ahead)
        try FileManager.default.copyItem(at: clip, to: plain)

        await FloeApplication.probeAhead(ahead, configuration: configuration)
        #expect(runs() == 1)
        let app = try await FloeApplication(configuration: configuration)
        var logger = Logger(label: "floe-test")
        logger.logLevel = .critical
        try await whileRunning(app.backgroundServices(logger: logger)) {
            let media = try await app.importFile(ahead)
            try await eventually("the media probed ahead is prepared") { try await app.store.media(media.id)?.status == .normal }
            #expect(try await app.store.media(media.id)?.files.first?.info?.fileBasicInfo.width == "160")
            #expect(runs() == 1, "the preparer used the reading made ahead")

            // Without a probe ahead, the preparer probes the stored copy itself.
            let other = try await app.importFile(plain)
            try await eventually("the other media is prepared") { try await app.store.media(other.id)?.status == .normal }
            #expect(runs() == 2)
        }
    }
}
