import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Testing

@Suite struct SnapshotTypeActivityTests {
    func snapshot(_ input: URL, _ parameters: SnapshotParameters, in bed: MediaTestBed) async throws -> ActivityResult {
        let stored = try await bed.put(input)
        let context = try bed.context(input: stored, encoding: parameters, activityName: "thumbs")
        return try await SnapshotActivity(objectStore: bed.store).run(context: context)
    }

    /// One cue of a WebVTT thumbnail track.
    struct Cue {
        var start: Double
        var end: Double
        var sheet: String
        var rectangle: [Int]
    }

    static func seconds(_ text: Substring) throws -> Double {
        let parts = text.split(separator: ":")
        let numbers = parts.compactMap { Double($0) }
        guard parts.count == 3, numbers.count == 3 else { throw MeasurementError( "bad timestamp \(text)") }
        return numbers[0] * 3600 + numbers[1] * 60 + numbers[2]
    }

    static func cues(_ text: String) throws -> [Cue] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == "WEBVTT" else { throw MeasurementError( "no WEBVTT header") }
        var cues: [Cue] = []
        var index = 1
        while index + 1 < lines.count {
            let times = lines[index].components(separatedBy: " --> ")
            let target = lines[index + 1].split(separator: "#xywh=")
            guard times.count == 2, target.count == 2 else { throw MeasurementError( "bad cue at line \(index)") }
            cues.append(Cue(start: try seconds(Substring(times[0])), end: try seconds(Substring(times[1])), sheet: String(target[0]),
                            rectangle: target[1].split(separator: ",").compactMap { Int($0) }))
            index += 2
        }
        return cues
    }

    @Test(arguments: [(interval: 0.3, columns: 3, rows: 2), (interval: 1.0, columns: 2, rows: 2), (interval: 5.0, columns: 4, rows: 4)])
    func everyCuePointsAtATileThatExists(interval: Double, columns: Int, rows: Int) async throws {
        let bed = try MediaTestBed()
        let input = try await MediaFixtures.clip(seconds: 3, audio: false)
        let parameters = SnapshotParameters(type: .sprite, interval: interval, width: 64, columns: columns, rows: rows)
        let result = try await snapshot(input, parameters, in: bed)
        let track = try #require(result.files.last)
        #expect(track.location.fileName == "sprite.vtt")
        #expect(track.info?.fileBasicInfo.formatName == "webvtt")
        let sheets = result.files.dropLast()
        #expect(sheets.map(\.location.fileName) == sheets.indices.map { "\(SnapshotCommand.outputName($0 + 1)).jpg" })

        let cues = try Self.cues(String(decoding: try await bed.store.get(track.location), as: UTF8.self))
        let expectedTiles = Int((3 / interval - 1e-9).rounded(.up))
        #expect(cues.count == expectedTiles)
        #expect(sheets.count == (expectedTiles + columns * rows - 1) / (columns * rows))
        var sizes: [String: (width: Int, height: Int)] = [:]
        for sheet in sheets {
            sizes[sheet.location.fileName] = try await MediaMeasurements.size(try bed.file(sheet.location))
        }
        for cue in cues {
            let size = try #require(sizes[cue.sheet], "cue names \(cue.sheet), which was not stored")
            let sheet = try StorageLocation(parsing: track.location.description).sibling(cue.sheet)
            #expect(FileManager.default.fileExists(atPath: try bed.file(sheet).path))
            #expect(cue.rectangle.count == 4)
            let (x, y, w, h) = (cue.rectangle[0], cue.rectangle[1], cue.rectangle[2], cue.rectangle[3])
            #expect(x >= 0 && y >= 0 && w == 64 && h == 36)
            #expect(x + w <= size.width && y + h <= size.height, "tile \(cue.rectangle) outside \(cue.sheet) \(size)")
            #expect(size.width == columns * 64 && size.height == rows * 36)
        }
        // Contiguous, from 0 to the input's duration.
        #expect(cues.first?.start == 0)
        for (cue, next) in zip(cues, cues.dropFirst()) {
            #expect(cue.end == next.start)
            #expect(cue.start < cue.end)
        }
        let duration = try #require(try await FFprobe().probe(input, name: "clip").duration)
        #expect(abs((cues.last?.end ?? 0) - duration) < 0.001)
    }

    @Test func spriteOfCountTilesSpreadsThemOverTheInput() async throws {
        let bed = try MediaTestBed()
        let result = try await snapshot(MediaFixtures.clip(seconds: 2, audio: false), SnapshotParameters(type: .sprite, count: 4, height: 45, columns: 2, rows: 2), in: bed)
        #expect(result.files.map(\.location.fileName) == ["00001.jpg", "sprite.vtt"])
        let cues = try Self.cues(String(decoding: try await bed.store.get(result.files[1].location), as: UTF8.self))
        #expect(cues.map(\.start) == [0, 0.5, 1, 1.5])
        #expect(cues.map(\.rectangle) == [[0, 0, 80, 45], [80, 0, 80, 45], [0, 45, 80, 45], [80, 45, 80, 45]])
    }

    @Test func keyframesOnePerKeyframe() async throws {
        let bed = try MediaTestBed()
        // The fixture has a keyframe every 25 frames: at 0, 1, 2 s of a 3 s clip.
        let result = try await snapshot(MediaFixtures.clip(seconds: 3), SnapshotParameters(type: .keyframes, width: 160, format: .png), in: bed)
        #expect(result.files.map(\.location.fileName) == ["00001.png", "00002.png", "00003.png"])
        let capped = try await snapshot(MediaFixtures.clip(seconds: 3), SnapshotParameters(type: .keyframes, count: 2), in: bed)
        #expect(capped.files.count == 2)
        let sizes = Set(try await result.files.asyncMap { try await bed.store.get($0.location) })
        #expect(sizes.count == 3)
    }

    @Test func coverIsOneRepresentativeFrame() async throws {
        let bed = try MediaTestBed()
        let result = try await snapshot(MediaFixtures.clip(seconds: 2), SnapshotParameters(type: .cover, width: 160), in: bed)
        #expect(result.files.map(\.location.fileName) == ["00001.jpg"])
        #expect(result.files.first?.info?.fileBasicInfo.width == "160")
        let timed = try await snapshot(MediaFixtures.clip(seconds: 2), SnapshotParameters(type: .cover, time: 1.5), in: bed)
        #expect(timed.files.count == 1)
        let late = await activityError { try await snapshot(MediaFixtures.clip(seconds: 2), SnapshotParameters(type: .cover, time: 3), in: bed) }
        #expect(late?.code == .invalidParameter)
    }
}
