import FloeAPI
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

@Suite struct MediaActionTests {
    let h: APIHarness

    init() async throws {
        h = try await APIHarness()
    }

    /// Registers `input` with `parameters` and returns the MediaId.
    func register(_ input: String, _ parameters: [(String, String)] = [], as credential: KeyRing.Credential? = nil,
                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let answer = try await h.call("RegisterMediaInfo", [("InputURL", input)] + parameters, as: credential)
        #expect(answer.status == 200, "\(answer.text)", sourceLocation: sourceLocation)
        return try #require(answer["MediaId"] as? String, sourceLocation: sourceLocation)
    }

    /// `MediaInfo.MediaBasicInfo` of `GetMediaInfo` for `id`.
    func basicInfo(_ id: String) async throws -> [String: Any] {
        let answer = try await h.call("GetMediaInfo", [("MediaId", id)])
        #expect(answer.status == 200, "\(answer.text)")
        let info = try #require(answer["MediaInfo"] as? [String: Any])
        return try #require(info["MediaBasicInfo"] as? [String: Any])
    }

    func total(as credential: KeyRing.Credential? = nil) async throws -> Int? {
        try await h.call("ListMediaBasicInfos", [], as: credential)["TotalCount"] as? Int
    }

    // MARK: RegisterMediaInfo and GetMediaInfo

    @Test(arguments: TestSigner.Algorithm.allCases)
    func registerAndGetEveryField(algorithm: TestSigner.Algorithm) async throws {
        let registered = try await h.call("RegisterMediaInfo", [
            ("InputURL", "oss://uploads/in/first clip.mp4"), ("MediaType", "video"), ("BusinessType", "opening"),
            ("Title", "A title"), ("Description", "A description"), ("MediaTags", "tag1, tag2,,tag1"),
            ("CoverURL", "oss://uploads/cover.jpg"), ("UserData", #"{"NotifyAddress":"http://127.0.0.1:9000/cb"}"#),
            ("ReferenceId", "my-ref_01"), ("CateId", "7"), ("Category", "cats"),
            ("RegisterConfig", #"{"NeedSprite":false}"#), ("SmartTagTemplateId", "S00000101-300080"),
            ("ClientToken", "4f1c2b0e9d8a4f6b8c7d6e5f4a3b2c1d"),
        ], algorithm: algorithm)
        #expect(registered.status == 200, "\(registered.text)")
        let id = try #require(registered["MediaId"] as? String)
        #expect(MediaID.isValid(id))
        #expect(registered["RequestId"] is String)

        let got = try await h.call("GetMediaInfo", [("MediaId", id), ("OutputType", "cdn"), ("AuthTimeout", "3600")], algorithm: algorithm)
        #expect(got.status == 200, "\(got.text)")
        let info = try #require(got["MediaInfo"] as? [String: Any])
        #expect(info["MediaId"] as? String == id)
        let basic = try #require(info["MediaBasicInfo"] as? [String: Any])
        let strings: [String: String] = [
            "MediaId": id, "InputURL": "oss://uploads/in/first clip.mp4", "MediaType": "video", "BusinessType": "opening",
            "Source": "oss", "Title": "A title", "Description": "A description", "MediaTags": "tag1,tag2",
            "CoverURL": "oss://uploads/cover.jpg", "UserData": #"{"NotifyAddress":"http://127.0.0.1:9000/cb"}"#,
            "ReferenceId": "my-ref_01", "Category": "cats", "Status": "Init",
        ]
        for (name, value) in strings {
            #expect(basic[name] as? String == value, "\(name)")
        }
        #expect((basic["CateId"] as? NSNumber)?.intValue == 7, "CateId is a JSON number")
        #expect(basic["CateId"] is NSNumber && !(basic["CateId"] is String))
        for name in ["CreateTime", "ModifiedTime"] {
            #expect(try WorkflowActionTests.timePattern.wholeMatch(in: #require(basic[name] as? String)) != nil)
        }
        let files = try #require(info["FileInfoList"] as? [[String: Any]])
        #expect(files.count == 1)
        let file = try #require(files.first?["FileBasicInfo"] as? [String: String])
        #expect(file == ["FileName": "first clip.mp4", "FileUrl": "oss://uploads/in/first clip.mp4", "FileType": "source_file",
                         "FileStatus": "Normal"])
        #expect(files.first?["VideoStreamInfoList"] as? [Any] != nil)

        // The same file by its OSS https form, and by InputURL.
        let byURL = try await h.call("GetMediaInfo", [("InputURL", "https://uploads.oss-cn-shanghai.aliyuncs.com/in/first%20clip.mp4")])
        #expect((byURL["MediaInfo"] as? [String: Any])?["MediaId"] as? String == id, "\(byURL.text)")
        // MediaId takes precedence over InputURL.
        let both = try await h.call("GetMediaInfo", [("MediaId", MediaID.generate().rawValue), ("InputURL", "oss://uploads/in/first clip.mp4")])
        #expect(both.status == 404 && both.code == "EntityNotExist.Media")
    }

    @Test func registerDefaults() async throws {
        let video = try await basicInfo(try await register("oss://uploads/a/movie.MOV"))
        #expect(video["MediaType"] as? String == "video")
        #expect(video["Title"] as? String == "movie.MOV")
        #expect(video["BusinessType"] as? String == "general")
        #expect(video["Source"] as? String == "oss")
        #expect(video["MediaTags"] as? String == "")
        #expect(video["CateId"] == nil && video["Description"] == nil && video["ReferenceId"] == nil)
        let audio = try await basicInfo(try await register("oss://uploads/a/song.mp3"))
        #expect(audio["MediaType"] as? String == "audio")
        let image = try await basicInfo(try await register("oss://uploads/a/logo.png", [("BusinessType", "watermark")]))
        #expect(image["MediaType"] as? String == "image")
        let text = try await basicInfo(try await register("oss://uploads/a/sub.srt", [("MediaType", "text"), ("BusinessType", "subtitles")]))
        #expect(text["MediaType"] as? String == "text" && text["BusinessType"] as? String == "subtitles")
        let font = try await basicInfo(try await register("oss://uploads/a/f.ttf", [("MediaType", "text"), ("BusinessType", "font")]))
        #expect(font["BusinessType"] as? String == "font")
        let longName = String(repeating: "é", count: 70) + ".mp4"
        let long = try await basicInfo(try await register("oss://uploads/a/\(longName)"))
        #expect(long["Title"] as? String == String(repeating: "é", count: 64), "the default title is cut to 128 bytes")
    }

    @Test func registerRejectsBadParameters() async throws {
        let inactive = try await h.template(name: "inactive")
        var stopped = inactive
        stopped.status = .inactive
        try await h.store.saveTemplate(stopped)
        let theirs = try await h.template(name: "theirs", accountID: h.otherAccount)
        let input = ("InputURL", "oss://uploads/in/x.mp4")
        let cases: [(String, [(String, String)], String)] = [
            ("missing InputURL", [("Title", "t")], "MissingParameter"),
            ("vod input", [("InputURL", "vod://0123456789abcdef0123456789abcdef")], "InvalidParameter"),
            ("not a location", [("InputURL", "ftp://uploads/x.mp4")], "InvalidParameter"),
            ("a folder", [("InputURL", "oss://uploads/in/")], "InvalidParameter"),
            ("escaping key", [("InputURL", "oss://uploads/../etc/passwd")], "InvalidParameter"),
            ("bad bucket", [("InputURL", "oss://UP/x.mp4")], "InvalidParameter"),
            ("MediaType", [input, ("MediaType", "movie")], "InvalidParameter"),
            ("text as general", [input, ("MediaType", "text")], "InvalidParameter"),
            ("text as watermark", [input, ("MediaType", "text"), ("BusinessType", "watermark")], "InvalidParameter"),
            ("BusinessType", [input, ("BusinessType", "General")], "InvalidParameter"),
            ("Title too long", [input, ("Title", String(repeating: "é", count: 65))], "InvalidParameter"),
            ("Description too long", [input, ("Description", String(repeating: "d", count: 1025))], "InvalidParameter"),
            ("17 tags", [input, ("MediaTags", (1...17).map { "t\($0)" }.joined(separator: ","))], "InvalidParameter"),
            ("long tag", [input, ("MediaTags", "ok," + String(repeating: "t", count: 33))], "InvalidParameter"),
            ("CoverURL too long", [input, ("CoverURL", String(repeating: "c", count: 129))], "InvalidParameter"),
            ("UserData not JSON", [input, ("UserData", "hello")], "InvalidParameter"),
            ("UserData an array", [input, ("UserData", "[1]")], "InvalidParameter"),
            ("UserData too long", [input, ("UserData", #"{"a":"\#(String(repeating: "x", count: 1020))"}"#)], "InvalidParameter"),
            ("Overwrite", [input, ("Overwrite", "yes")], "InvalidParameter"),
            ("ClientToken too long", [input, ("ClientToken", String(repeating: "k", count: 65))], "InvalidParameter"),
            ("ReferenceId short", [input, ("ReferenceId", "abc12")], "InvalidParameter"),
            ("ReferenceId long", [input, ("ReferenceId", String(repeating: "r", count: 65))], "InvalidParameter"),
            ("ReferenceId characters", [input, ("ReferenceId", "ref.0001")], "InvalidParameter"),
            ("RegisterConfig", [input, ("RegisterConfig", "{bad")], "InvalidParameter"),
            ("CateId", [input, ("CateId", "seven")], "InvalidParameter"),
            ("CateId negative", [input, ("CateId", "-1")], "InvalidParameter"),
            ("WorkflowId unknown", [input, ("WorkflowId", WorkflowID.generate().rawValue)], "InvalidParameter"),
            ("WorkflowId malformed", [input, ("WorkflowId", "x y")], "InvalidParameter"),
            ("WorkflowId another account's", [input, ("WorkflowId", theirs.id.rawValue)], "InvalidParameter"),
            ("WorkflowId inactive", [input, ("WorkflowId", stopped.id.rawValue)], "InvalidParameter"),
        ]
        for (name, parameters, code) in cases {
            let answer = try await h.call("RegisterMediaInfo", parameters)
            #expect(answer.status == 400, "\(name): \(answer.text)")
            #expect(answer.code == code, "\(name): \(answer.text)")
        }
        let registered = try await total()
        #expect(registered == 0, "nothing was registered")
        // At the limits.
        _ = try await register("oss://uploads/in/limits.mp4", [
            ("Title", String(repeating: "é", count: 64)), ("MediaTags", (1...16).map { "t\($0)" }.joined(separator: ",")),
            ("ReferenceId", String(repeating: "r", count: 64)), ("Description", String(repeating: "d", count: 1024)),
        ])
    }

    @Test func clientTokenAndOverwrite() async throws {
        let first = try await register("oss://uploads/in/a.mp4", [("ClientToken", "token-1"), ("Title", "first")])
        let retried = try await register("oss://uploads/in/a.mp4", [("ClientToken", "token-1"), ("Title", "second")])
        #expect(retried == first)
        let otherFile = try await register("oss://uploads/in/b.mp4", [("ClientToken", "token-1")])
        #expect(otherFile == first, "the token answers the asset it registered")
        let count = try await total()
        #expect(count == 1)
        // Another account's token space is its own.
        let theirs = try await register("oss://uploads/in/a.mp4", [("ClientToken", "token-1")], as: h.otherRoot)
        #expect(theirs != first)

        let kept = try await register("https://uploads.oss-cn-hangzhou.aliyuncs.com/in/a.mp4", [("Title", "changed")])
        #expect(kept == first, "Overwrite false answers the registered asset")
        let firstTitle = try await basicInfo(first)["Title"] as? String
        #expect(firstTitle == "first", "and changes nothing")

        let replaced = try await register("oss://uploads/in/a.mp4", [("Overwrite", "True"), ("Title", "anew")])
        #expect(replaced != first)
        let newTitle = try await basicInfo(replaced)["Title"] as? String
        #expect(newTitle == "anew")
        let old = try await h.call("GetMediaInfo", [("MediaId", first)])
        #expect(old.status == 404 && old.code == "EntityNotExist.Media")
        let countAfter = try await total()
        #expect(countAfter == 1)
    }

    @Test func overwriteIsForbiddenWhileATaskRuns() async throws {
        let template = try await h.template()
        let id = try await register("oss://uploads/in/busy.mp4")
        let started = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(try MediaID(id)))])
        #expect(started.status == 200, "\(started.text)")
        let answer = try await h.call("RegisterMediaInfo", [("InputURL", "oss://uploads/in/busy.mp4"), ("Overwrite", "true")])
        #expect(answer.status == 403 && answer.code == "Forbidden.MediaInUse", "\(answer.text)")
        let stillThere = try await basicInfo(id)["MediaId"] as? String
        #expect(stillThere == id)
    }

    @Test func referenceIdsAreUniquePerAccount() async throws {
        let first = try await register("oss://uploads/in/a.mp4", [("ReferenceId", "ref-000001")])
        let taken = try await h.call("RegisterMediaInfo", [("InputURL", "oss://uploads/in/b.mp4"), ("ReferenceId", "ref-000001")])
        #expect(taken.status == 400 && taken.code == "InvalidParameter.ReferenceId", "\(taken.text)")
        let count = try await total()
        #expect(count == 1)
        _ = try await register("oss://uploads/in/b.mp4", [("ReferenceId", "ref-000001")], as: h.otherRoot)

        // Overwriting the asset that holds the id may keep it.
        let again = try await register("oss://uploads/in/a.mp4", [("ReferenceId", "ref-000001"), ("Overwrite", "true")])
        #expect(again != first)

        let second = try await register("oss://uploads/in/c.mp4", [("ReferenceId", "ref-000002")])
        let update = try await h.call("UpdateMediaInfo", [("MediaId", second), ("ReferenceId", "ref-000001")])
        #expect(update.status == 400 && update.code == "InvalidParameter.ReferenceId", "\(update.text)")
        let kept = try await basicInfo(second)["ReferenceId"] as? String
        #expect(kept == "ref-000002")
        let same = try await h.call("UpdateMediaInfo", [("MediaId", second), ("ReferenceId", "ref-000002")])
        #expect(same.status == 200)
    }

    @Test func registerWithAWorkflowStartsIt() async throws {
        let template = try await h.template()
        let id = try MediaID(try await register("oss://uploads/in/run.mp4", [("WorkflowId", template.id.rawValue)]))
        let tasks = try await h.store.tasks(TaskQuery(accountID: h.account)).items
        #expect(tasks.count == 1)
        #expect(tasks.first?.mediaID == id && tasks.first?.input == .media(id) && tasks.first?.workflowID == template.id)
        // Answering an already registered asset starts nothing.
        _ = try await register("oss://uploads/in/run.mp4", [("WorkflowId", template.id.rawValue)])
        let after = try await h.store.tasks(TaskQuery(accountID: h.account)).items
        #expect(after.count == 1)
    }

    @Test func getMediaInfoErrors() async throws {
        let id = try await register("oss://uploads/in/a.mp4")
        let unknownID = MediaID.generate().rawValue
        let cases: [(String, [(String, String)], Int, String)] = [
            ("neither", [], 400, "MissingParameter"),
            ("unknown", [("MediaId", unknownID)], 404, "EntityNotExist.Media"),
            ("malformed", [("MediaId", "../x")], 404, "EntityNotExist.Media"),
            ("unregistered URL", [("InputURL", "oss://uploads/in/other.mp4")], 404, "EntityNotExist.Media"),
            ("bad URL", [("InputURL", "nope")], 400, "InvalidParameter"),
            ("OutputType", [("MediaId", id), ("OutputType", "ftp")], 400, "InvalidParameter"),
            ("AuthTimeout 0", [("MediaId", id), ("AuthTimeout", "0")], 400, "InvalidParameter"),
            ("AuthTimeout too long", [("MediaId", id), ("AuthTimeout", "86401")], 400, "InvalidParameter"),
        ]
        for (name, parameters, status, code) in cases {
            let answer = try await h.call("GetMediaInfo", parameters)
            #expect(answer.status == status && answer.code == code, "\(name): \(answer.text)")
        }
    }

    @Test func anotherAccountsMediaIsAnsweredLikeAnUnknownOne() async throws {
        let id = try await register("oss://uploads/in/mine.mp4")
        let unknown = MediaID.generate().rawValue
        let theirs = try await h.call("GetMediaInfo", [("MediaId", id)], as: h.otherRoot)
        let none = try await h.call("GetMediaInfo", [("MediaId", unknown)], as: h.otherRoot)
        #expect(theirs.status == 404 && theirs.code == "EntityNotExist.Media")
        #expect(theirs.status == none.status && theirs.code == none.code)
        #expect((theirs["Message"] as? String)?.replacingOccurrences(of: id, with: unknown) == none["Message"] as? String)
        let byURL = try await h.call("GetMediaInfo", [("InputURL", "oss://uploads/in/mine.mp4")], as: h.otherRoot)
        #expect(byURL.status == 404 && byURL.code == "EntityNotExist.Media")
        let update = try await h.call("UpdateMediaInfo", [("MediaId", id), ("Title", "hijacked")], as: h.otherRoot)
        #expect(update.status == 404 && update.code == "EntityNotExist.Media")
        let batch = try await h.call("BatchGetMediaInfos", [("MediaIds", id)], as: h.otherRoot)
        #expect((batch["MediaInfos"] as? [Any])?.isEmpty == true && batch["IgnoredList"] as? [String] == [id])
        let delete = try await h.call("DeleteMediaInfos", [("MediaIds", id)], as: h.otherRoot)
        #expect(delete["IgnoredList"] as? [String] == [id] && delete["ForbiddenList"] as? [String] == [])
        let list = try await h.call("ListMediaBasicInfos", [("MediaId", id)], as: h.otherRoot)
        #expect((list["MediaInfos"] as? [Any])?.isEmpty == true && list["TotalCount"] as? Int == 0)
        let title = try await basicInfo(id)["Title"] as? String
        #expect(title == "mine.mp4", "still there, unchanged")
    }

    @Test func fileInfoListShowsEveryFileWithItsStreams() async throws {
        var media = Samples.media(accountID: h.account)
        media.status = .normal
        media.files[0].info = Samples.fileInfo(width: 1280, height: 720)
        media.files.append(Samples.output("t/720p.mp4", .transcodeFile, activity: "mp4", info: Samples.fileInfo(width: 640, height: 360)))
        media.files.append(Samples.output("t/cover.jpg", .snapshot, activity: "cover"))
        try await h.store.createMedia(media)

        let got = try await h.call("GetMediaInfo", [("MediaId", media.id.rawValue)])
        let info = try #require(got["MediaInfo"] as? [String: Any])
        #expect((info["MediaBasicInfo"] as? [String: Any])?["Status"] as? String == "Normal")
        let files = try #require(info["FileInfoList"] as? [[String: Any]])
        let basics = try files.map { try #require($0["FileBasicInfo"] as? [String: String]) }
        #expect(basics.map { $0["FileUrl"] } == [media.inputURL.description, "oss://outputs/t/720p.mp4", "oss://outputs/t/cover.jpg"])
        #expect(basics.map { $0["FileType"] } == ["source_file", "transcode_file", "snapshot"])
        #expect(basics.map { $0["Width"] } == ["1280", "640", nil])
        #expect(basics[0]["Duration"] == "10.000000")
        #expect(basics[2]["FileName"] == "cover.jpg" && basics[2]["FileStatus"] == "Normal")
        let video = try #require(files[1]["VideoStreamInfoList"] as? [[String: String]], "stream fields are strings")
        #expect(video.first?["CodecName"] == "h264" && video.first?["Width"] == "640")
        #expect(files[1]["AudioStreamInfoList"] as? [Any] != nil && files[1]["SubtitleStreamInfoList"] as? [Any] != nil)
    }

    // MARK: BatchGetMediaInfos

    @Test func batchGet() async throws {
        let a = try await register("oss://uploads/in/a.mp4", [("Title", "A")])
        let b = try await register("oss://uploads/in/b.mp4")
        let theirs = try await register("oss://uploads/in/c.mp4", as: h.otherRoot)
        let unknown = MediaID.generate().rawValue
        let answer = try await h.call("BatchGetMediaInfos", [("MediaIds", "\(a), \(theirs),\(b),\(unknown),bad id,\(a)")])
        #expect(answer.status == 200, "\(answer.text)")
        let infos = try #require(answer["MediaInfos"] as? [[String: Any]])
        #expect(infos.map { $0["MediaId"] as? String } == [a, b])
        #expect((infos.first?["MediaBasicInfo"] as? [String: Any])?["Title"] as? String == "A")
        #expect(infos.allSatisfy { $0["FileInfoList"] == nil }, "basic info only by default")
        #expect(answer["IgnoredList"] as? [String] == [theirs, unknown, "bad id"])

        let withFiles = try await h.call("BatchGetMediaInfos", [("MediaIds", a), ("AdditionType", "FileInfo,DynamicMetaData"), ("AuthTimeout", "10")])
        let files = try #require((withFiles["MediaInfos"] as? [[String: Any]])?.first?["FileInfoList"] as? [[String: Any]])
        #expect(files.count == 1 && files.first?["FileBasicInfo"] != nil)
        let dynamicOnly = try await h.call("BatchGetMediaInfos", [("MediaIds", a), ("AdditionType", "DynamicMetaData")])
        #expect((dynamicOnly["MediaInfos"] as? [[String: Any]])?.first?["FileInfoList"] == nil)

        let cases: [(String, [(String, String)], String)] = [
            ("missing", [], "MissingParameter"),
            ("only commas", [("MediaIds", ",, ,")], "InvalidParameter"),
            ("21 ids", [("MediaIds", (0..<21).map { _ in MediaID.generate().rawValue }.joined(separator: ","))], "InvalidParameter"),
            ("AdditionType", [("MediaIds", a), ("AdditionType", "FileInfo,Everything")], "InvalidParameter"),
            ("AuthTimeout", [("MediaIds", a), ("AuthTimeout", "x")], "InvalidParameter"),
        ]
        for (name, parameters, code) in cases {
            let bad = try await h.call("BatchGetMediaInfos", parameters)
            #expect(bad.status == 400 && bad.code == code, "\(name): \(bad.text)")
        }
        let twenty = try await h.call("BatchGetMediaInfos", [("MediaIds", (0..<20).map { _ in MediaID.generate().rawValue }.joined(separator: ","))])
        #expect(twenty.status == 200 && (twenty["IgnoredList"] as? [String])?.count == 20)
    }

    // MARK: ListMediaBasicInfos

    /// Assets of ``APIHarness/account`` made a second apart from `Samples.epoch`, with a type, business type
    /// and status each; returns their ids, oldest first.
    func makeLibrary() async throws -> [MediaID] {
        var ids: [MediaID] = []
        for index in 0..<7 {
            var media = Samples.media(at: Samples.time(index), accountID: h.account)
            media.mediaType = index < 2 ? "audio" : "video"
            media.details.businessType = index == 3 ? .ending : .general
            media.status = index.isMultiple(of: 2) ? .normal : .initial
            try await h.store.createMedia(media)
            ids.append(media.id)
        }
        try await h.store.createMedia(Samples.media(at: Samples.time(3), accountID: h.otherAccount))
        return ids
    }

    func listedIDs(_ answer: APIHarness.Answer) -> [String] {
        (answer["MediaInfos"] as? [[String: Any]] ?? []).compactMap { $0["MediaId"] as? String }
    }

    @Test func listFiltersOrdersAndPages() async throws {
        let ids = try await makeLibrary().map(\.rawValue)
        let all = try await h.call("ListMediaBasicInfos")
        #expect(all.status == 200, "\(all.text)")
        #expect(listedIDs(all) == Array(ids.reversed()))
        #expect(all["TotalCount"] as? Int == 7 && all["MaxResults"] as? Int == 10 && all["NextToken"] == nil)
        let item = try #require((all["MediaInfos"] as? [[String: Any]])?.first)
        #expect((item["MediaBasicInfo"] as? [String: Any])?["MediaId"] as? String == ids.last)
        #expect(item["FileInfoList"] == nil)

        // Pages of 3, oldest first.
        var seen: [String] = []
        var token: String?
        var pages = 0
        repeat {
            var parameters = [("MaxResults", "3"), ("SortBy", "asc")]
            if let token { parameters.append(("NextToken", token)) }
            let page = try await h.call("ListMediaBasicInfos", parameters)
            #expect(page.status == 200, "\(page.text)")
            #expect(page["TotalCount"] as? Int == 7 && page["MaxResults"] as? Int == 3)
            seen += listedIDs(page)
            token = page["NextToken"] as? String
            pages += 1
        } while token != nil && pages < 10
        #expect(pages == 3 && seen == ids)

        let filters: [(String, [(String, String)], [String])] = [
            ("MediaType", [("MediaType", "audio")], [ids[1], ids[0]]),
            ("BusinessType", [("BusinessType", "ending")], [ids[3]]),
            ("Status", [("Status", "Normal")], [ids[6], ids[4], ids[2], ids[0]]),
            ("Source oss", [("Source", "oss")], Array(ids.reversed())),
            ("Source vod", [("Source", "vod")], []),
            ("time window", [("StartTime", WireTime.string(Samples.time(1))), ("EndTime", WireTime.string(Samples.time(3)))], [ids[3], ids[2]]),
            ("MediaId", [("MediaId", ids[5])], [ids[5]]),
            ("malformed MediaId", [("MediaId", "nope")], []),
            ("combined", [("MediaType", "video"), ("Status", "Init")], [ids[5], ids[3]]),
        ]
        for (name, parameters, expected) in filters {
            let answer = try await h.call("ListMediaBasicInfos", parameters)
            #expect(answer.status == 200, "\(name): \(answer.text)")
            #expect(listedIDs(answer) == expected, "\(name)")
            #expect(answer["TotalCount"] as? Int == expected.count, "\(name)")
        }
        let limited = try await h.call("ListMediaBasicInfos", [("MediaType", "video"), ("MaxResults", "2")])
        #expect(listedIDs(limited).count == 2 && limited["TotalCount"] as? Int == 5 && limited["NextToken"] is String)

        let theirs = try await h.call("ListMediaBasicInfos", as: h.otherRoot)
        #expect(theirs["TotalCount"] as? Int == 1 && listedIDs(theirs).allSatisfy { !ids.contains($0) })
    }

    @Test func listWithFileBasicInfo() async throws {
        var media = Samples.media(accountID: h.account)
        media.files[0].info = Samples.fileInfo(width: 320, height: 180)
        try await h.store.createMedia(media)
        let answer = try await h.call("ListMediaBasicInfos", [("IncludeFileBasicInfo", "True")])
        let files = try #require((answer["MediaInfos"] as? [[String: Any]])?.first?["FileInfoList"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect((files.first?["FileBasicInfo"] as? [String: String])?["Width"] == "320")
        #expect(files.first?["VideoStreamInfoList"] == nil, "basic file info only")
    }

    @Test func listRejectsBadParameters() async throws {
        _ = try await makeLibrary()
        let descTokenFound = try await h.call("ListMediaBasicInfos", [("MaxResults", "2")])["NextToken"] as? String
        let descToken = try #require(descTokenFound)
        let cases: [(String, [(String, String)])] = [
            ("MaxResults 0", [("MaxResults", "0")]), ("MaxResults 101", [("MaxResults", "101")]),
            ("SortBy", [("SortBy", "newest")]), ("Status", [("Status", "Done")]), ("MediaType", [("MediaType", "movie")]),
            ("BusinessType", [("BusinessType", "x")]), ("Source", [("Source", "ftp")]),
            ("StartTime", [("StartTime", "yesterday")]), ("EndTime", [("EndTime", "2026-13-01T00:00:00Z")]),
            ("NextToken", [("NextToken", "garbage")]), ("token of the other order", [("NextToken", descToken), ("SortBy", "asc")]),
            ("IncludeFileBasicInfo", [("IncludeFileBasicInfo", "maybe")]), ("AuthTimeout", [("AuthTimeout", "99999")]),
        ]
        for (name, parameters) in cases {
            let answer = try await h.call("ListMediaBasicInfos", parameters)
            #expect(answer.status == 400 && answer.code == "InvalidParameter", "\(name): \(answer.text)")
        }
    }

    // MARK: UpdateMediaInfo

    @Test func updateChangesOnlyWhatIsGiven() async throws {
        let id = try await register("oss://uploads/in/a.mp4", [("Title", "old"), ("MediaTags", "a,b"), ("Description", "keep")])
        let before = try await basicInfo(id)
        let updated = try await h.call("UpdateMediaInfo", [
            ("MediaId", id), ("Title", "new"), ("CoverURL", "oss://uploads/c.jpg"), ("BusinessType", "ending"), ("CateId", "9"),
            ("Category", "films"), ("UserData", #"{"x":1}"#), ("ReferenceId", "ref-updated"), ("MediaTags", "c"),
        ])
        #expect(updated.status == 200 && updated["MediaId"] as? String == id, "\(updated.text)")
        let after = try await basicInfo(id)
        #expect(after["Title"] as? String == "new" && after["Description"] as? String == "keep")
        #expect(after["MediaTags"] as? String == "c" && after["CoverURL"] as? String == "oss://uploads/c.jpg")
        #expect(after["BusinessType"] as? String == "ending" && after["CateId"] as? Int == 9 && after["Category"] as? String == "films")
        #expect(after["UserData"] as? String == #"{"x":1}"# && after["ReferenceId"] as? String == "ref-updated")
        #expect(after["CreateTime"] as? String == before["CreateTime"] as? String && after["Status"] as? String == "Init")

        let appended = try await h.call("UpdateMediaInfo", [("InputURL", "oss://uploads/in/a.mp4"), ("MediaTags", "d,c"), ("AppendTags", "true")])
        #expect(appended.status == 200, "\(appended.text)")
        let tags = try await basicInfo(id)["MediaTags"] as? String
        #expect(tags == "c,d")
        let tooMany = try await h.call("UpdateMediaInfo", [("MediaId", id), ("AppendTags", "true"),
                                                           ("MediaTags", (1...15).map { "n\($0)" }.joined(separator: ","))])
        #expect(tooMany.status == 400 && tooMany.code == "InvalidParameter", "16 + 1 tags: \(tooMany.text)")

        let text = try await register("oss://uploads/in/s.srt", [("MediaType", "text"), ("BusinessType", "subtitles")])
        let cases: [(String, [(String, String)], Int, String)] = [
            ("neither", [("Title", "x")], 400, "MissingParameter"),
            ("unknown", [("MediaId", MediaID.generate().rawValue), ("Title", "x")], 404, "EntityNotExist.Media"),
            ("Title", [("MediaId", id), ("Title", String(repeating: "t", count: 129))], 400, "InvalidParameter"),
            ("UserData", [("MediaId", id), ("UserData", "{")], 400, "InvalidParameter"),
            ("AppendTags", [("MediaId", id), ("AppendTags", "often")], 400, "InvalidParameter"),
            ("ReferenceId", [("MediaId", id), ("ReferenceId", "x")], 400, "InvalidParameter"),
            ("text as general", [("MediaId", text), ("BusinessType", "general")], 400, "InvalidParameter"),
        ]
        for (name, parameters, status, code) in cases {
            let answer = try await h.call("UpdateMediaInfo", parameters)
            #expect(answer.status == status && answer.code == code, "\(name): \(answer.text)")
        }
        let title = try await basicInfo(id)["Title"] as? String
        #expect(title == "new")
    }

    // MARK: DeleteMediaInfos

    @Test func deleteIgnoresForbidsAndDeletes() async throws {
        let template = try await h.template()
        let gone = try await register("oss://uploads/in/gone.mp4")
        let busy = try await register("oss://uploads/in/busy.mp4")
        let theirs = try await register("oss://uploads/in/theirs.mp4", as: h.otherRoot)
        let started = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue), ("TaskInput", mediaInput(try MediaID(busy)))])
        let taskID = try #require(started["TaskId"] as? String)
        let unknown = MediaID.generate().rawValue

        let answer = try await h.call("DeleteMediaInfos", [("MediaIds", "\(gone),\(busy),\(theirs),\(unknown)")])
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer["ForbiddenList"] as? [String] == [busy])
        #expect(answer["IgnoredList"] as? [String] == [theirs, unknown])
        let goneCode = try await h.call("GetMediaInfo", [("MediaId", gone)]).code
        #expect(goneCode == "EntityNotExist.Media")
        let busyID = try await basicInfo(busy)["MediaId"] as? String
        #expect(busyID == busy)
        let theirsStatus = try await h.call("GetMediaInfo", [("MediaId", theirs)], as: h.otherRoot).status
        #expect(theirsStatus == 200)

        // Once its task has ended, the asset can go; the task stays readable.
        try await h.store.cancelTask(try TaskID(taskID), now: Date())
        let byURL = try await h.call("DeleteMediaInfos", [("InputURLs", "oss://uploads/in/busy.mp4,oss://uploads/in/never.mp4,not a url")])
        #expect(byURL["ForbiddenList"] as? [String] == [] && byURL["IgnoredList"] as? [String] == ["oss://uploads/in/never.mp4", "not a url"],
                "\(byURL.text)")
        let left = try await total()
        #expect(left == 0)
        let task = try await h.call("GetWorkflowTask", [("TaskId", taskID)])
        #expect(task.status == 200, "\(task.text)")

        let cases: [(String, [(String, String)], String)] = [
            ("neither", [], "MissingParameter"),
            ("21 ids", [("MediaIds", (0..<21).map { _ in MediaID.generate().rawValue }.joined(separator: ","))], "InvalidParameter"),
            ("DeletePhysicalFiles", [("MediaIds", unknown), ("DeletePhysicalFiles", "please")], "InvalidParameter"),
        ]
        for (name, parameters, code) in cases {
            let bad = try await h.call("DeleteMediaInfos", parameters)
            #expect(bad.status == 400 && bad.code == code, "\(name): \(bad.text)")
        }
    }

    @Test func deletePhysicalFilesRemovesTheSourceAndOutputs() async throws {
        let source = try await h.object("in/clip.mp4")
        let output = try StorageLocation(bucket: "outputs", key: "task/720p.mp4")
        try await h.objects.put(output, data: Data("rendition".utf8))
        var media = Samples.media(accountID: h.account, input: source)
        media.files.append(MediaFile(location: output, fileType: .transcodeFile))
        try await h.store.createMedia(media)
        // Another account registered the same source file: it stays while that asset lists it.
        let shared = try await h.object("in/shared.mp4")
        let mineShared = try await register(shared.description)
        _ = try await register(shared.description, as: h.otherRoot)
        let kept = try await h.object("in/kept.mp4")
        let keptID = try await register(kept.description)

        let answer = try await h.call("DeleteMediaInfos", [("MediaIds", "\(media.id),\(mineShared)"), ("DeletePhysicalFiles", "true")])
        #expect(answer.status == 200 && answer["IgnoredList"] as? [String] == [], "\(answer.text)")
        let sourceHead = try await h.objects.head(source)
        let outputHead = try await h.objects.head(output)
        let sharedHead = try await h.objects.head(shared)
        #expect(sourceHead == nil && outputHead == nil)
        #expect(sharedHead != nil, "another account's asset still lists it")

        let logical = try await h.call("DeleteMediaInfos", [("MediaIds", keptID)])
        #expect(logical.status == 200)
        let keptHead = try await h.objects.head(kept)
        #expect(keptHead != nil, "without DeletePhysicalFiles the file stays")
    }

    @Test func ramNamesTheMediaActions() async throws {
        let policy = #"{"Version":"1","Statement":[{"Effect":"Allow","Action":["ice:GetMediaInfo","ice:ListMediaBasicInfos"],"Resource":"*"}]}"#
        let reader = try await h.ring.createKey(accountID: h.account, isRoot: false, policy: policy, now: Date())
        let id = try await register("oss://uploads/in/a.mp4")
        let read = try await h.call("GetMediaInfo", [("MediaId", id)], as: reader)
        #expect(read.status == 200, "\(read.text)")
        for action in ["RegisterMediaInfo", "UpdateMediaInfo", "DeleteMediaInfos", "BatchGetMediaInfos"] {
            let denied = try await h.call(action, [("InputURL", "oss://uploads/in/b.mp4"), ("MediaIds", id), ("MediaId", id)], as: reader)
            #expect(denied.status == 403 && denied.code == "Forbidden.RAM", "\(action): \(denied.text)")
        }
    }
}
