import Foundation

/// A registered input file and every file produced from it.
public struct MediaAsset: Hashable, Sendable {
    /// `MediaBasicInfo.Status`.
    public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
        /// Registered; the source file has not been looked at yet.
        case initial = "Init"
        /// A preparer is probing the source file.
        case preparing = "Preparing"
        /// The source file is missing or not media Floe can read.
        case prepareFail = "PrepareFail"
        /// Probed: the source file's `FileInfo` is known.
        case normal = "Normal"
    }

    /// `MediaBasicInfo.Source`: where the input lives. Floe registers OSS locations only.
    public static let ossSource = "oss"

    /// `MediaId`.
    public var id: MediaID
    /// The account that registered the asset; an input URL is registered at most once per account.
    public var accountID: AccountID
    /// The source file; immutable, bound to the id.
    public var inputURL: StorageLocation
    /// `video`, `audio`, `image` or `text` (``MediaType``).
    public var mediaType: String
    /// What the owner may change with `UpdateMediaInfo`.
    public var details: Details
    /// Where preparation stands.
    public var status: Status
    /// `MediaBasicInfo.Source`: ``ossSource``.
    public var source: String
    /// The `ClientToken` the asset was registered with; unique per account.
    public var clientToken: String?
    /// When the asset was registered.
    public var createTime: Date
    /// When the details or the status last changed.
    public var modifiedTime: Date
    /// The source first, then what tasks produced from it, in the order they were first added.
    public var files: [MediaFile]

    /// An asset whose details are all given.
    public init(id: MediaID = .generate(), accountID: AccountID, inputURL: StorageLocation, mediaType: String, details: Details,
                status: Status = .initial, source: String = MediaAsset.ossSource, clientToken: String? = nil,
                createTime: Date, modifiedTime: Date? = nil, files: [MediaFile] = []) {
        self.id = id
        self.accountID = accountID
        self.inputURL = inputURL
        self.mediaType = mediaType
        self.details = details
        self.status = status
        self.source = source
        self.clientToken = clientToken
        self.createTime = createTime
        self.modifiedTime = modifiedTime ?? createTime
        self.files = files
    }

    /// An asset with only a title among its details (business type `general`).
    public init(id: MediaID = .generate(), accountID: AccountID, inputURL: StorageLocation, mediaType: String, title: String,
                status: Status = .initial, createTime: Date, modifiedTime: Date? = nil, files: [MediaFile] = []) {
        self.init(id: id, accountID: accountID, inputURL: inputURL, mediaType: mediaType, details: Details(title: title),
                  status: status, createTime: createTime, modifiedTime: modifiedTime, files: files)
    }

    /// `MediaBasicInfo.Title`.
    public var title: String {
        get { details.title }
        set { details.title = newValue }
    }
}

extension MediaAsset {
    /// `MediaBasicInfo.MediaType` values.
    public enum MediaType: String, Hashable, Sendable, CaseIterable {
        /// A still picture.
        case image
        /// A file with a video stream (and maybe audio).
        case video
        /// A file with audio only.
        case audio
        /// Subtitles or a font (business type `subtitles` or `font`).
        case text
    }

    /// `MediaBasicInfo.BusinessType` values.
    public enum BusinessType: String, Hashable, Sendable, Codable, CaseIterable {
        /// Subtitles (a `text` asset).
        case subtitles
        /// A font (a `text` asset).
        case font
        /// A watermark picture or clip.
        case watermark
        /// An opening clip.
        case opening
        /// An ending clip.
        case ending
        /// Anything else; the default.
        case general
    }

    /// The basic information of an asset that its owner sets when registering and may change later: one value,
    /// so that an update replaces it whole.
    public struct Details: Hashable, Sendable {
        /// `Title`.
        public var title: String
        /// `BusinessType`; `general` by default.
        public var businessType: BusinessType
        /// `Description`.
        public var description: String?
        /// `MediaTags`, each once, in the order given.
        public var mediaTags: [String]
        /// `CoverURL`, as given.
        public var coverURL: String?
        /// JSON text (an object).
        public var userData: String?
        /// The owner's own id for the asset; unique per account (``isValidReferenceID(_:)``).
        public var referenceID: String?
        /// `CateId`.
        public var cateID: Int?
        /// `Category`.
        public var category: String?

        /// Details with `title` and whatever else is given.
        public init(title: String, businessType: BusinessType = .general, description: String? = nil, mediaTags: [String] = [],
                    coverURL: String? = nil, userData: String? = nil, referenceID: String? = nil, cateID: Int? = nil,
                    category: String? = nil) {
            self.title = title
            self.businessType = businessType
            self.description = description
            self.mediaTags = mediaTags
            self.coverURL = coverURL
            self.userData = userData
            self.referenceID = referenceID
            self.cateID = cateID
            self.category = category
        }

        /// True when `text` is 6–64 characters of `A-Z a-z 0-9 _ -`.
        public static func isValidReferenceID(_ text: String) -> Bool {
            (6...64).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
        }
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
