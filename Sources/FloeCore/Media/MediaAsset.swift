import Foundation

/// A registered input file and every file produced from it.
public struct MediaAsset: Hashable, Sendable {
    /// `MediaBasicInfo.Status`.
    public enum Status: String, Hashable, Sendable, Codable {
        case initial = "Init"
        case preparing = "Preparing"
        case prepareFail = "PrepareFail"
        case normal = "Normal"
    }

    public var id: MediaID
    /// The account that registered the asset; an input URL is registered at most once per account.
    public var accountID: AccountID
    public var inputURL: StorageLocation
    /// `video`, `audio` or `image`.
    public var mediaType: String
    public var title: String
    public var status: Status
    public var createTime: Date
    public var modifiedTime: Date
    public var files: [MediaFile]

    public init(id: MediaID = .random(), accountID: AccountID, inputURL: StorageLocation, mediaType: String, title: String,
                status: Status = .initial, createTime: Date, modifiedTime: Date? = nil, files: [MediaFile] = []) {
        self.id = id
        self.accountID = accountID
        self.inputURL = inputURL
        self.mediaType = mediaType
        self.title = title
        self.status = status
        self.createTime = createTime
        self.modifiedTime = modifiedTime ?? createTime
        self.files = files
    }
}

/// One file of a media asset: the source, a transcode, a snapshot…
public struct MediaFile: Hashable, Sendable, Codable {
    /// `FileBasicInfo.FileType` values Floe writes.
    public struct FileType: RawRepresentable, Hashable, Sendable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let sourceFile = FileType(rawValue: "source_file")
        public static let transcodeFile = FileType(rawValue: "transcode_file")
        public static let snapshot = FileType(rawValue: "snapshot")
    }

    public var location: StorageLocation
    public var fileType: FileType
    /// What ffprobe read of the file, when it was probed.
    public var info: MediaFileInfo?
    /// The activity that produced the file, if any.
    public var activityName: String?

    public init(location: StorageLocation, fileType: FileType, info: MediaFileInfo? = nil, activityName: String? = nil) {
        self.location = location
        self.fileType = fileType
        self.info = info
        self.activityName = activityName
    }

    enum CodingKeys: String, CodingKey {
        case location = "Location", fileType = "FileType", info = "FileInfo", activityName = "ActivityName"
    }
}
