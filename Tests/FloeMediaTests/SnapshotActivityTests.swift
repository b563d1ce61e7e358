import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

@Suite struct SnapshotActivityTests {
    func snapshot(_ input: URL, _ parameters: SnapshotParameters, in bed: MediaTestBed) async throws -> ActivityResult {
        let stored = try await bed.put(input)
        let context = try bed.context(input: stored, encoding: parameters, activityName: "cover")
        return try await SnapshotActivity(objectStore: bed.store).run(context: context)
    }

    @Test func oneFrame() async throws {
        let bed = try MediaTestBed()
        let result = try await snapshot(MediaFixtures.clip(), SnapshotParameters(time: 1, width: 160), in: bed)
        let file = try #require(result.files.first)
        #expect(result.files.count == 1)
        #expect(file.location.description == "oss://media-out/\(bed.taskID)/cover/00001.jpg")
        #expect(file.fileType == .snapshot)
        #expect(file.activityName == "cover")
        #expect(file.info?.fileBasicInfo.fileType == "snapshot")
        #expect(file.info?.fileBasicInfo.width == "160")
        #expect(file.info?.fileBasicInfo.height == "90")
        #expect(file.info?.videoStreamInfoList.first?.codecName == "mjpeg")
        #expect(try await bed.store.head(file.location) != nil)
        #expect(bed.progress.latest == 100)
    }

    @Test func seriesOfFrames() async throws {
        let bed = try MediaTestBed()
        let parameters = SnapshotParameters(
            outputLocation: try OutputLocationTemplate("oss://media-out/thumbs/{FileName}/{OutputName}.{Ext}"),
            time: 0.2, count: 3, interval: 0.5, height: 90, format: .png
        )
        let result = try await snapshot(MediaFixtures.clip(), parameters, in: bed)
        #expect(result.files.map(\.location.key) == [
            "thumbs/clip-2.0s-320x180-25fps/00001.png", "thumbs/clip-2.0s-320x180-25fps/00002.png", "thumbs/clip-2.0s-320x180-25fps/00003.png",
        ])
        for file in result.files {
            let probe = try await bed.probe(file.location)
            #expect(probe.video?.codecName == "png")
            #expect(probe.video?.displayHeight == 90)
            #expect(probe.video?.displayWidth == 160)
            #expect(file.info?.fileBasicInfo.fileName == file.location.fileName)
            #expect(file.info?.fileBasicInfo.fileSize == String(try await bed.store.head(file.location)!.size))
        }
        // The frames differ: testsrc2 moves.
        let sizes = Set(try await result.files.asyncMap { try await bed.store.get($0.location) })
        #expect(sizes.count == 3)
    }

    @Test func aSeriesLongerThanTheInputKeepsTheFramesThatExist() async throws {
        let bed = try MediaTestBed()
        // 2 s of input from 0.5 s: a frame at 0.5 s, then none 10 s later.
        let wide = try await snapshot(MediaFixtures.clip(), SnapshotParameters(time: 0.5, count: 5, interval: 10, width: 160), in: bed)
        #expect(wide.files.map(\.location.fileName) == ["00001.jpg"])
        // Frames 0.6 s apart from 0.1 s: 0.1, 0.7, 1.3, 1.9.
        let close = try await snapshot(MediaFixtures.clip(), SnapshotParameters(time: 0.1, count: 9, interval: 0.6, width: 160), in: bed)
        #expect(close.files.count == 4)
    }

    @Test func webpWithBothSides() async throws {
        let bed = try MediaTestBed()
        let result = try await snapshot(MediaFixtures.clip(), SnapshotParameters(time: 0, width: 100, height: 100, format: .webp), in: bed)
        let probe = try await bed.probe(try #require(result.files.first).location)
        #expect(probe.video?.codecName == "webp")
        #expect(probe.video?.codedWidth == 100)
        #expect(probe.video?.codedHeight == 100)
    }

    @Test func timePastTheEnd() async throws {
        let bed = try MediaTestBed()
        let clip = try await MediaFixtures.clip()
        let first = await activityError { try await snapshot(clip, SnapshotParameters(time: 5), in: bed) }
        let second = await activityError { try await snapshot(clip, SnapshotParameters(time: 5), in: bed) }
        #expect(first?.code == .invalidParameter)
        #expect(first?.isTransient == false)
        #expect(first?.message.contains("past the end") == true)
        #expect(first == second)
    }

    @Test func audioHasNoFrames() async throws {
        let bed = try MediaTestBed()
        let error = await activityError { try await snapshot(MediaFixtures.audioOnly(), SnapshotParameters(), in: bed) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("no video stream") == true)
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
