import FloeCore
import GRDB

/// A row of `mediaFile`: one file of a media asset, unique on (`mediaID`, `location`), listed by `position`.
struct MediaFileRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "mediaFile"

    var mediaID: String
    var position: Int
    var location: String
    var fileType: String
    var info: String?
    var activityName: String?

    /// Reads the row's columns by name; GRDB's `Decodable` path for records costs several times more.
    init(row: Row) throws {
        mediaID = try row.decode(String.self, forColumn: "mediaID")
        position = try row.decode(Int.self, forColumn: "position")
        location = try row.decode(String.self, forColumn: "location")
        fileType = try row.decode(String.self, forColumn: "fileType")
        info = try row.decode(String?.self, forColumn: "info")
        activityName = try row.decode(String?.self, forColumn: "activityName")
    }

    init(_ file: MediaFile, mediaID: MediaID, position: Int) throws {
        self.mediaID = mediaID.rawValue
        self.position = position
        location = file.location.description
        fileType = file.fileType.rawValue
        info = try file.info.map { try SQLiteValue.json($0) }
        activityName = file.activityName
    }

    func model() throws -> MediaFile {
        MediaFile(
            location: try StorageLocation(parsing: location),
            fileType: MediaFile.FileType(rawValue: fileType),
            info: try info.map { text throws(FloeError) in
                try SQLiteValue.decode(MediaFileInfo.self, json: text, column: "mediaFile.info")
            },
            activityName: activityName
        )
    }

    /// Adds `file` to the end of `mediaID`'s list, or, when that location is listed already, replaces its
    /// type (and its info and activity when given) in place.
    static func upsert(_ file: MediaFile, mediaID: MediaID, in db: Database) throws {
        let record = try MediaFileRecord(file, mediaID: mediaID, position: 0)
        try db.execute(
            sql: """
                INSERT INTO mediaFile (mediaID, position, location, fileType, info, activityName)
                VALUES (?, (SELECT COALESCE(MAX(position) + 1, 0) FROM mediaFile WHERE mediaID = ?), ?, ?, ?, ?)
                ON CONFLICT (mediaID, location) DO UPDATE SET
                    fileType = excluded.fileType,
                    info = COALESCE(excluded.info, info),
                    activityName = COALESCE(excluded.activityName, activityName)
                """,
            arguments: [record.mediaID, record.mediaID, record.location, record.fileType, record.info, record.activityName]
        )
    }
}
