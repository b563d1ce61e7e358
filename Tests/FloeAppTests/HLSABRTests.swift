import FloeApp
import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

/// The system template "HLS ABR" on a 60 s 1080p clip: a three-rung set that FFprobe opens through its master
/// playlist, cut into segments of the 6 s target.
@Suite struct HLSABRTests {
    @Test func aSixtySecond1080pClipGivesAThreeRungSetWithSixSecondSegments() async throws {
        let harness = try await AppHarness()
        let clip = try await MediaFixtures.clip(seconds: 60, width: 1920, height: 1080, fps: 24)
        let id = try await harness.start(SystemTemplates.hlsABRID, on: clip)
        try await whileRunning(harness.services) {
            let task = try await harness.finished(id, timeout: .seconds(900))
            #expect(task.status == .succeed, "\(task.message ?? "")")
        }
        let task = try #require(await harness.app.store.task(id))
        let media = try #require(await harness.app.store.media(task.mediaID))
        let master = try #require(media.files.first { $0.location.fileName == "master.m3u8" })
        let masterPath = try #require(try harness.app.localPath(of: master.location))

        // FFprobe follows the master playlist to every rendition.
        let heights = try await ffprobeVideoHeights(masterPath)
        #expect(heights.sorted() == [360, 720, 1080], "\(heights)")

        let variants = HLSPlaylist(try String(contentsOf: masterPath, encoding: .utf8)).variants
        #expect(variants.count == 3)
        #expect(media.files.filter { $0.fileType == .transcodeFile }.count == 4, "the master and three rendition playlists")
        for variant in variants {
            let playlistPath = masterPath.deletingLastPathComponent().appending(path: variant.uri)
            let playlist = HLSPlaylist(try String(contentsOf: playlistPath, encoding: .utf8))
            let durations = playlist.segments.map(\.duration)
            #expect(abs(durations.reduce(0, +) - 60) < 0.5, "\(variant.uri): \(durations)")
            for (index, duration) in durations.enumerated() {
                let isLast = index == durations.count - 1
                #expect(isLast ? duration <= 6.6 : abs(duration - 6) <= 0.6, "\(variant.uri) segment \(index): \(duration) s")
                let segment = playlistPath.deletingLastPathComponent().appending(path: playlist.segments[index].uri)
                #expect(FileManager.default.fileExists(atPath: segment.path), "\(segment.lastPathComponent) exists")
            }
        }
    }

    /// The heights of every video stream FFprobe finds in `file` (it lists each stream again under its HLS program,
    /// so streams are told apart by index).
    private func ffprobeVideoHeights(_ file: URL) async throws -> [Int] {
        let pipe = Pipe()
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["ffprobe", "-v", "error", "-select_streams", "v", "-show_entries", "stream=index,height", "-of", "csv=p=0", file.path]
        process.standardOutput = pipe
        try process.run()
        let data = await ProcessOutput.readToEnd(pipe.fileHandleForReading)
        await ProcessOutput.waitForExit(process)
        var heights: [Int: Int] = [:]
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            if fields.count == 2 { heights[fields[0]] = fields[1] }
        }
        return Array(heights.values)
    }
}
