import FloeCore
import FloeEngine
import Foundation

/// Sample templates, media assets and tasks for tests.
public enum Samples {
    /// A fixed instant (2026-01-01T00:00:00Z); tests derive every time from it in whole seconds, which
    /// every backend stores exactly.
    public static let epoch = Date(timeIntervalSince1970: 1_767_225_600)

    /// The account that owns the samples unless told otherwise.
    public static let account = try! AccountID("1000000000000001")
    /// A second account, for isolation checks.
    public static let otherAccount = try! AccountID("2000000000000002")

    /// ``epoch`` plus `seconds`.
    public static func time(_ seconds: Int) -> Date {
        Date(timeIntervalSince1970: 1_767_225_600 + Double(seconds))
    }

    /// True when `a` and `b` are within a millisecond of each other (both `nil` counts as equal).
    public static func sameTime(_ a: Date?, _ b: Date?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a.timeIntervalSince(b)) < 0.001
        default: false
        }
    }

    /// A diamond: `Start -> a -> (b, c) -> End`; `a` and `c` are `MediaInfo`, `b` a `Snapshot`.
    public static let diamond = WorkflowTopology(
        activities: [
            "Start": ActivityDefinition(type: "Start"),
            "a": ActivityDefinition(type: "MediaInfo"),
            "b": ActivityDefinition(type: "Snapshot", parameters: .object(["Time": .number(1.5), "Format": .string("jpg")])),
            "c": ActivityDefinition(type: "MediaInfo"),
            "End": ActivityDefinition(type: "End"),
        ],
        dependencies: ["Start": ["a"], "a": ["b", "c"], "b": ["End"], "c": ["End"]]
    )

    /// A Common template of the ``diamond``, owned by `accountID`.
    public static func template(id: WorkflowID = .generate(), name: String = "diamond", at time: Date = epoch,
                                accountID: AccountID = account) -> WorkflowTemplate {
        WorkflowTemplate(id: id, name: name, kind: .common, accountID: accountID, topology: diamond, createTime: time,
                         modifiedTime: time)
    }

    /// A media asset of `accountID` for a new input file under `oss://uploads/video/` (or `input`), listing that
    /// file as its source.
    public static func media(id: MediaID = .generate(), at time: Date = epoch, accountID: AccountID = account,
                             input: StorageLocation? = nil) -> MediaAsset {
        let input = input ?? location("video/\(id.rawValue).mp4")
        return MediaAsset(id: id, accountID: accountID, inputURL: input, mediaType: "video", title: input.baseName, createTime: time,
                          files: [MediaFile(location: input, fileType: .sourceFile)])
    }

    /// A task of `template` on `media`, made at `time` by the media's account.
    public static func task(of template: WorkflowTemplate, on media: MediaAsset, at time: Date = epoch,
                            userData: String? = nil) -> WorkflowTask {
        WorkflowTask(accountID: media.accountID, workflowID: template.id, workflowName: template.name, topology: template.topology,
                     input: .media(media.id), mediaID: media.id, userData: userData, createTime: time)
    }

    /// `oss://uploads/<key>`.
    public static func location(_ key: String, bucket: String = "uploads") -> StorageLocation {
        try! StorageLocation(bucket: bucket, key: key)
    }

    /// A file as an activity reports it.
    public static func output(_ key: String, _ type: MediaFile.FileType = .transcodeFile, activity: String? = nil,
                              info: MediaFileInfo? = nil) -> MediaFile {
        MediaFile(location: location(key, bucket: "outputs"), fileType: type, info: info, activityName: activity)
    }

    /// A small `FileInfo`, as `MediaInfo` would report it.
    public static func fileInfo(width: Int, height: Int) -> MediaFileInfo {
        var basic = FileBasicInfo()
        basic.formatName = "mov,mp4,m4a,3gp,3g2,mj2"
        basic.width = String(width)
        basic.height = String(height)
        basic.duration = "10.000000"
        var video = VideoStreamInfo()
        video.codecName = "h264"
        video.width = String(width)
        video.height = String(height)
        return MediaFileInfo(fileBasicInfo: basic, videoStreamInfoList: [video])
    }
}
