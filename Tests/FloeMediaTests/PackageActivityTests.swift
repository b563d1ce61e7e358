import FloeCore
import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Synchronization
import Testing

@Suite struct PackageActivityTests {
    /// Packages `input` with `parameters` and returns the result.
    func package(_ input: URL, _ parameters: PackageParameters, in bed: MediaTestBed) async throws -> ActivityResult {
        let stored = try await bed.put(input)
        let context = try bed.context(input: stored, encoding: parameters, activityName: "stream")
        return try await PackageActivity(objectStore: bed.store).run(context: context)
    }

    static let ladder = [
        TranscodeOutput(name: "180p", container: .mp4, video: VideoSettings(codec: .h264, height: 180, bitrate: 300, preset: "ultrafast"),
                        audio: AudioSettings(codec: .aac, bitrate: 64)),
        TranscodeOutput(name: "90p", container: .mp4, video: VideoSettings(codec: .h264, height: 90, bitrate: 120, preset: "ultrafast"),
                        audio: AudioSettings(codec: .aac, bitrate: 48)),
    ]

    @Test func segmentsAreStoredBeforeThePlaylistsAndTheMasterLast() async throws {
        let bed = try MediaTestBed()
        let stored = try await bed.put(MediaFixtures.clip(seconds: 6, width: 320, height: 180))
        let recorded = Mutex<[String]>([])
        let store = WriteHookedObjectStore(base: bed.store) { location in recorded.withLock { $0.append(location.fileName) } }
        let context = try bed.context(input: stored, encoding: PackageParameters(segmentDuration: 2, renditions: Self.ladder), activityName: "stream")
        _ = try await PackageActivity(objectStore: store).run(context: context)
        let keys = recorded.withLock { $0 }
        let playlists = keys.indices.filter { keys[$0].hasSuffix(".m3u8") }
        #expect(keys.count > 6, "\(keys)")
        #expect(keys.last == "master.m3u8")
        #expect(playlists == Array(keys.count - 3..<keys.count), "every segment before any playlist: \(keys)")
    }

    @Test func anHLSSetIsStoredBesideItsMasterPlaylistAndEveryNamedFileExists() async throws {
        let bed = try MediaTestBed()
        let result = try await package(MediaFixtures.clip(seconds: 6, width: 320, height: 180),
                                       PackageParameters(segmentDuration: 2, renditions: Self.ladder), in: bed)
        let master = try StorageLocation(parsing: "oss://media-out/\(bed.taskID)/stream/master.m3u8")
        #expect(result.files.map(\.location) == [master, try master.sibling("master_180p.m3u8"), try master.sibling("master_90p.m3u8")])
        #expect(result.files.allSatisfy { $0.fileType == .transcodeFile && $0.activityName == "stream" })

        // Every file a playlist names is stored beside it, and ffprobe reads the set through the master.
        let playlist = HLSPlaylist(try String(contentsOf: bed.file(master), encoding: .utf8))
        #expect(playlist.variants.map(\.uri) == ["master_180p.m3u8", "master_90p.m3u8"])
        #expect(playlist.variants.map(\.resolution) == ["320x180", "160x90"])
        for variant in playlist.variants {
            let media = HLSPlaylist(try String(contentsOf: bed.file(try master.sibling(variant.uri)), encoding: .utf8))
            #expect(media.initSegments.count == 1)
            #expect(media.segments.count == 3, "6 s in 2 s segments: \(media.segments)")
            for uri in media.uris {
                #expect(FileManager.default.fileExists(atPath: try bed.file(try master.sibling(uri)).path), "\(uri)")
            }
            #expect(media.segments.allSatisfy { abs($0.duration - 2) <= 0.2 }, "\(media.segments)")
        }
        let probe = try await bed.probe(master)
        #expect(probe.video?.codecName == "h264" && probe.audio?.codecName == "aac")
        #expect(result.files.first?.info?.videoStreamInfoList.count == 2, "the master's info lists both renditions' video")
        #expect(result.data?["Renditions"]?.arrayValue?.count == 2)
        #expect(result.data?["Notes"] == nil)
        #expect(bed.progress.latest == 100)
    }

    @Test func transportStreamSegmentsAndALocationOfOnesOwn() async throws {
        let bed = try MediaTestBed()
        let parameters = PackageParameters(outputLocation: try OutputLocationTemplate("oss://media-out/hls/{FileName}.{Ext}"),
                                           segmentFormat: .ts, segmentDuration: 2, renditions: [Self.ladder[1]])
        let result = try await package(MediaFixtures.clip(seconds: 4, width: 320, height: 180), parameters, in: bed)
        let master = try StorageLocation(parsing: "oss://media-out/hls/clip-4.0s-320x180-25fps.m3u8")
        #expect(result.files.first?.location == master)
        let variant = try master.sibling("clip-4.0s-320x180-25fps_90p.m3u8")
        let media = HLSPlaylist(try String(contentsOf: bed.file(variant), encoding: .utf8))
        #expect(media.initSegments.isEmpty && media.segments.count == 2)
        #expect(media.segments.allSatisfy { $0.uri.hasSuffix(".ts") })
        #expect(try await bed.probe(master).video?.codecName == "h264")
    }

    @Test func aDASHManifestThatFFprobeOpens() async throws {
        let bed = try MediaTestBed()
        let result = try await package(MediaFixtures.clip(seconds: 4, width: 320, height: 180),
                                       PackageParameters(format: .dash, segmentDuration: 2, renditions: Self.ladder), in: bed)
        let manifest = try #require(result.files.first?.location)
        #expect(manifest.fileName == "manifest.mpd" && result.files.count == 1)
        let text = try String(contentsOf: bed.file(manifest), encoding: .utf8)
        #expect(text.contains("<AdaptationSet") && text.contains("height=\"90\"") && text.contains("height=\"180\""))
        let probe = try await bed.probe(manifest)
        #expect(probe.video != nil && probe.audio != nil)
        let stored = bed.store.root.appending(path: manifest.bucket).appending(path: (manifest.key as NSString).deletingLastPathComponent)
        let names = try FileManager.default.contentsOfDirectory(atPath: stored.path)
        #expect(names.filter { $0.hasSuffix("_init.m4s") }.count == 4, "an init segment per stream: \(names.sorted())")
    }

    @Test func aRenditionLargerThanTheInputIsLeftOutWithANote() async throws {
        let bed = try MediaTestBed()
        let result = try await package(MediaFixtures.clip(seconds: 2, width: 160, height: 90),
                                       PackageParameters(segmentDuration: 1, renditions: Self.ladder), in: bed)
        #expect(result.files.map(\.location.fileName) == ["master.m3u8", "master_90p.m3u8"])
        let notes = result.data?["Notes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(notes == ["rendition '180p' is larger than the input and was left out (Upscale: false)"])
    }

    @Test func anAudioOnlyInputFailsClearly() async throws {
        let bed = try MediaTestBed()
        let error = await activityError {
            try await package(MediaFixtures.audioOnly(), PackageParameters(renditions: Self.ladder), in: bed)
        }
        #expect(error?.code == .invalidInput && error?.isTransient == false, "\(String(describing: error))")
        #expect(error?.message.contains("needs a video stream") == true)
    }
}
