import FloeCore
import Foundation

/// The wire form of a media asset (spec §5.2): `MediaInfo` of `GetMediaInfo` and the `MediaInfos` items of
/// `BatchGetMediaInfos` and `ListMediaBasicInfos`, with the SDK models' names and JSON types (every field a
/// string but `CateId`). Absent values are left out.
enum MediaInfoView {
    /// How much of each file to show.
    enum Files {
        /// No `FileInfoList`.
        case none
        /// `FileInfoList` items with `FileBasicInfo` only.
        case basic
        /// `FileInfoList` items with `FileBasicInfo` and the stream lists.
        case full
    }

    /// `{MediaId, MediaBasicInfo[, FileInfoList]}`.
    static func mediaInfo(_ media: MediaAsset, files: Files) -> JSONValue {
        var members: [String: JSONValue] = [
            "MediaId": .string(media.id.rawValue),
            "MediaBasicInfo": .object(basicInfo(media)),
        ]
        if files != .none {
            members["FileInfoList"] = .array(media.files.map { fileInfo($0, streams: files == .full) })
        }
        return .object(members)
    }

    /// `MediaBasicInfo`.
    static func basicInfo(_ media: MediaAsset) -> [String: JSONValue] {
        let details = media.details
        var members: [String: JSONValue] = [
            "MediaId": .string(media.id.rawValue),
            "InputURL": .string(media.inputURL.description),
            "MediaType": .string(media.mediaType),
            "BusinessType": .string(details.businessType.rawValue),
            "Source": .string(media.source),
            "Title": .string(details.title),
            "MediaTags": .string(details.mediaTags.joined(separator: ",")),
            "Status": .string(media.status.rawValue),
            "CreateTime": .string(WireTime.string(media.createTime)),
            "ModifiedTime": .string(WireTime.string(media.modifiedTime)),
        ]
        let optional: [String: String?] = [
            "Description": details.description, "CoverURL": details.coverURL, "UserData": details.userData,
            "ReferenceId": details.referenceID, "Category": details.category,
        ]
        for case let (name, value?) in optional { members[name] = .string(value) }
        if let cateID = details.cateID { members["CateId"] = .number(Double(cateID)) }
        return members
    }

    /// One `FileInfoList` item: `FileBasicInfo` (the file's `oss://` location as `FileUrl`, its type, status
    /// `Normal`, and what was probed of it) and, with `streams`, its stream lists.
    static func fileInfo(_ file: MediaFile, streams: Bool) -> JSONValue {
        var info = file.info ?? MediaFileInfo(fileBasicInfo: FileBasicInfo())
        info.fileBasicInfo.fileName = info.fileBasicInfo.fileName ?? file.location.fileName
        info.fileBasicInfo.fileUrl = file.location.description
        info.fileBasicInfo.fileType = file.fileType.rawValue
        info.fileBasicInfo.fileStatus = info.fileBasicInfo.fileStatus ?? "Normal"
        var members: [String: JSONValue] = ["FileBasicInfo": encoded(info.fileBasicInfo)]
        if streams {
            members["VideoStreamInfoList"] = encoded(info.videoStreamInfoList)
            members["AudioStreamInfoList"] = encoded(info.audioStreamInfoList)
            members["SubtitleStreamInfoList"] = encoded(info.subtitleStreamInfoList)
        }
        return .object(members)
    }

    /// `value` as JSON; the model types always encode, so a failure is an empty object.
    private static func encoded(_ value: some Encodable) -> JSONValue {
        (try? JSONValue(encoding: value)) ?? .object([:])
    }
}
