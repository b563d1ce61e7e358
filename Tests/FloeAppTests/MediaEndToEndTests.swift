import FloeAPI
import FloeApp
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// The media actions over a real application: a clip registered with a workflow, prepared, processed, shown
/// with its outputs, and deleted with its files.
@Suite struct MediaEndToEndTests {
    /// Runs `action` as the local account with `parameters` in the query, as the endpoint would after
    /// authentication.
    func call(_ action: some RPCAction, _ parameters: [(String, String)], app: FloeApplication) async throws -> JSONValue {
        let query = parameters.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        let request = try SignedRequest(method: "POST", path: "/", rawQuery: query, headers: [])
        let caller = Caller(accountID: app.localAccount, accessKeyID: "LTAI0000000000000000test", now: Date())
        return .object(try await action.run(ActionParameters(request), caller: caller))
    }

    @Test func aRegisteredClipIsPreparedProcessedListedWithItsOutputsAndDeletedWithThem() async throws {
        let harness = try await AppHarness()
        let app = harness.app
        let clip = try await MediaFixtures.clip(seconds: 2, width: 640, height: 360)
        let input = try StorageLocation(bucket: app.configuration.inputBucket, key: "library/clip.mp4")
        try await app.objectStore.put(input, file: clip)

        let registered = try await call(RegisterMediaInfoAction(store: app.store, launcher: app.launcher, buckets: app.buckets), [
            ("InputURL", input.description), ("Title", "Clip"), ("WorkflowId", SystemTemplates.mp4RenditionsID.rawValue),
        ], app: app)
        let mediaID = try MediaID(try #require(registered["MediaId"]?.stringValue))
        let tasks = try await app.store.tasks(TaskQuery(accountID: app.localAccount)).items
        let task = try #require(tasks.first)
        #expect(tasks.count == 1 && task.mediaID == mediaID)

        try await whileRunning(harness.services) {
            let ended = try await harness.finished(task.id)
            #expect(ended.status == .succeed, "\(ended.message ?? "")")
            try await eventually("the media asset is prepared") {
                try await app.store.media(mediaID)?.status == .normal
            }
        }

        let got = try await call(GetMediaInfoAction(store: app.store), [("MediaId", mediaID.rawValue)], app: app)
        let info = try #require(got["MediaInfo"])
        #expect(info["MediaBasicInfo"]?["Status"]?.stringValue == "Normal")
        #expect(info["MediaBasicInfo"]?["Title"]?.stringValue == "Clip")
        guard case .array(let files)? = info["FileInfoList"] else {
            Issue.record("no FileInfoList: \(got.jsonText)")
            return
        }
        let basics = files.compactMap { $0["FileBasicInfo"] }
        // The source first, then the outputs in the order their activities ended (the branches run in parallel).
        let types = basics.map { $0["FileType"]?.stringValue ?? "" }
        #expect(types.first == "source_file" && types.dropFirst().sorted() == ["snapshot", "transcode_file", "transcode_file"])
        #expect(basics.first?["FileUrl"]?.stringValue == input.description)
        #expect(basics.first?["Width"]?.stringValue == "640" && basics.first?["Height"]?.stringValue == "360")
        let heights = Set(basics.filter { $0["FileType"]?.stringValue == "transcode_file" }.compactMap { $0["Height"]?.stringValue })
        #expect(heights == ["720", "360"])
        #expect(basics.allSatisfy { ($0["FileUrl"]?.stringValue ?? "").hasPrefix("oss://") && $0["FileName"] != nil })
        guard case .array(let streams)? = files.first?["VideoStreamInfoList"] else {
            Issue.record("no VideoStreamInfoList: \(got.jsonText)")
            return
        }
        #expect(streams.first?["CodecName"]?.stringValue == "h264")

        let stored = try await app.store.media(mediaID)
        let locations = try #require(stored).files.map(\.location)
        #expect(locations.count == 4)
        let deleted = try await call(DeleteMediaInfosAction(store: app.store, objectStore: app.objectStore), [
            ("MediaIds", mediaID.rawValue), ("DeletePhysicalFiles", "true"),
        ], app: app)
        #expect(deleted["ForbiddenList"] == .array([]) && deleted["IgnoredList"] == .array([]), "\(deleted.jsonText)")
        for location in locations {
            let head = try await app.objectStore.head(location)
            #expect(head == nil, "\(location) was deleted")
        }
        let gone = try await app.store.media(mediaID)
        #expect(gone == nil)
        let kept = try await app.store.task(task.id)
        #expect(kept?.status == .succeed, "the ended task stays")
    }
}
