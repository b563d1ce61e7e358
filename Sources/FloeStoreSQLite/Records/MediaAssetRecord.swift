import FloeCore
import GRDB

/// A row of `mediaAsset`; its files are rows of `mediaFile`.
struct MediaAssetRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "mediaAsset"

    var id: String
    var accountID: String
    var inputURL: String
    var mediaType: String
    var title: String
    var status: String
    var createTime: Int64
    var modifiedTime: Int64
    var businessType: String
    var description: String?
    /// A JSON array of strings.
    var mediaTags: String
    var coverURL: String?
    var userData: String?
    var referenceID: String?
    var cateID: Int64?
    var category: String?
    var clientToken: String?
    var source: String
    /// When the current preparation was claimed (`Preparing` only).
    var preparingSince: Int64?
    /// How many times a preparation was claimed.
    var prepareAttempts: Int

    /// Reads the row's columns by name; GRDB's `Decodable` path for records costs several times more.
    init(row: Row) throws {
        id = try row.decode(String.self, forColumn: "id")
        accountID = try row.decode(String.self, forColumn: "accountID")
        inputURL = try row.decode(String.self, forColumn: "inputURL")
        mediaType = try row.decode(String.self, forColumn: "mediaType")
        title = try row.decode(String.self, forColumn: "title")
        status = try row.decode(String.self, forColumn: "status")
        createTime = try row.decode(Int64.self, forColumn: "createTime")
        modifiedTime = try row.decode(Int64.self, forColumn: "modifiedTime")
        businessType = try row.decode(String.self, forColumn: "businessType")
        description = try row.decode(String?.self, forColumn: "description")
        mediaTags = try row.decode(String.self, forColumn: "mediaTags")
        coverURL = try row.decode(String?.self, forColumn: "coverURL")
        userData = try row.decode(String?.self, forColumn: "userData")
        referenceID = try row.decode(String?.self, forColumn: "referenceID")
        cateID = try row.decode(Int64?.self, forColumn: "cateID")
        category = try row.decode(String?.self, forColumn: "category")
        clientToken = try row.decode(String?.self, forColumn: "clientToken")
        source = try row.decode(String.self, forColumn: "source")
        preparingSince = try row.decode(Int64?.self, forColumn: "preparingSince")
        prepareAttempts = try row.decode(Int.self, forColumn: "prepareAttempts")
    }

    init(_ media: MediaAsset) throws {
        id = media.id.rawValue
        accountID = media.accountID.rawValue
        inputURL = media.inputURL.description
        mediaType = media.mediaType
        title = media.details.title
        status = media.status.rawValue
        createTime = SQLiteValue.time(media.createTime)
        modifiedTime = SQLiteValue.time(media.modifiedTime)
        businessType = media.details.businessType.rawValue
        description = media.details.description
        mediaTags = try SQLiteValue.json(media.details.mediaTags)
        coverURL = media.details.coverURL
        userData = media.details.userData
        referenceID = media.details.referenceID
        cateID = media.details.cateID.map(Int64.init)
        category = media.details.category
        clientToken = media.clientToken
        source = media.source
        preparingSince = media.status == .preparing ? SQLiteValue.time(media.modifiedTime) : nil
        prepareAttempts = 0
    }

    /// Sets the columns of `details`.
    mutating func apply(_ details: MediaAsset.Details) throws {
        title = details.title
        businessType = details.businessType.rawValue
        description = details.description
        mediaTags = try SQLiteValue.json(details.mediaTags)
        coverURL = details.coverURL
        userData = details.userData
        referenceID = details.referenceID
        cateID = details.cateID.map(Int64.init)
        category = details.category
    }

    func model(files: [MediaFile]) throws -> MediaAsset {
        let details = MediaAsset.Details(
            title: title,
            businessType: try SQLiteValue.enumeration(MediaAsset.BusinessType.self, businessType, column: "mediaAsset.businessType"),
            description: description,
            mediaTags: try SQLiteValue.decode([String].self, json: mediaTags, column: "mediaAsset.mediaTags"),
            coverURL: coverURL,
            userData: userData,
            referenceID: referenceID,
            cateID: cateID.map { Int($0) },
            category: category
        )
        return MediaAsset(
            id: try MediaID(id),
            accountID: try SQLiteValue.account(accountID, column: "mediaAsset.accountID"),
            inputURL: try StorageLocation(parsing: inputURL),
            mediaType: mediaType,
            details: details,
            status: try SQLiteValue.enumeration(MediaAsset.Status.self, status, column: "mediaAsset.status"),
            source: source,
            clientToken: clientToken,
            createTime: SQLiteValue.date(createTime),
            modifiedTime: SQLiteValue.date(modifiedTime),
            files: files
        )
    }
}
