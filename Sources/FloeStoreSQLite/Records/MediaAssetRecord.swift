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

    init(_ media: MediaAsset) {
        id = media.id.rawValue
        accountID = media.accountID.rawValue
        inputURL = media.inputURL.description
        mediaType = media.mediaType
        title = media.title
        status = media.status.rawValue
        createTime = SQLiteValue.time(media.createTime)
        modifiedTime = SQLiteValue.time(media.modifiedTime)
    }

    func model(files: [MediaFile]) throws -> MediaAsset {
        MediaAsset(
            id: try MediaID(id),
            accountID: try SQLiteValue.account(accountID, column: "mediaAsset.accountID"),
            inputURL: try StorageLocation(parsing: inputURL),
            mediaType: mediaType,
            title: title,
            status: try SQLiteValue.enumeration(MediaAsset.Status.self, status, column: "mediaAsset.status"),
            createTime: SQLiteValue.date(createTime),
            modifiedTime: SQLiteValue.date(modifiedTime),
            files: files
        )
    }
}
