import FloeCore
import FloeEngine
import PostgresNIO

/// Rows of `media_asset` and `media_file`.
enum MediaRow {
    static func insert(_ media: MediaAsset) throws -> PostgresQuery {
        let details = media.details
        let preparingSince = media.status == .preparing ? StoreValue.time(media.modifiedTime) : nil
        return """
            INSERT INTO media_asset (id, account_id, input_url, media_type, title, status, create_time, modified_time,
                business_type, description, media_tags, cover_url, user_data, reference_id, cate_id, category,
                client_token, source, preparing_since, prepare_attempts)
            VALUES (\(media.id.rawValue), \(media.accountID.rawValue), \(media.inputURL.description), \(media.mediaType),
                \(details.title), \(media.status.rawValue), \(StoreValue.time(media.createTime)),
                \(StoreValue.time(media.modifiedTime)), \(details.businessType.rawValue), \(details.description),
                \(try StoreValue.json(details.mediaTags)), \(details.coverURL), \(details.userData), \(details.referenceID),
                \(details.cateID.map(Int64.init)), \(details.category), \(media.clientToken), \(media.source),
                \(preparingSince), 0)
            """
    }

    /// Sets the columns of `details` and the modified time of asset `id`.
    static func update(_ id: MediaID, details: MediaAsset.Details, modifiedTime: Int64) throws -> PostgresQuery {
        """
        UPDATE media_asset SET title = \(details.title), business_type = \(details.businessType.rawValue),
            description = \(details.description), media_tags = \(try StoreValue.json(details.mediaTags)),
            cover_url = \(details.coverURL), user_data = \(details.userData), reference_id = \(details.referenceID),
            cate_id = \(details.cateID.map(Int64.init)), category = \(details.category), modified_time = \(modifiedTime)
        WHERE id = \(id.rawValue)
        """
    }

    /// The asset of `row` (a row of `media_asset`), with `files`.
    static func model(_ row: PostgresRow, files: [MediaFile]) throws -> MediaAsset {
        let row = row.makeRandomAccess()
        let details = MediaAsset.Details(
            title: try row.get("title"),
            businessType: try row.enumeration("business_type", table: "media_asset"),
            description: try row.get("description"),
            mediaTags: try row.json("media_tags", table: "media_asset", as: [String].self) ?? [],
            coverURL: try row.get("cover_url"),
            userData: try row.get("user_data"),
            referenceID: try row.get("reference_id"),
            cateID: try row.get("cate_id", as: Int64?.self).map { Int($0) },
            category: try row.get("category")
        )
        return MediaAsset(
            id: try MediaID(row.get("id")),
            accountID: try row.account("account_id", table: "media_asset"),
            inputURL: try StorageLocation(parsing: row.get("input_url")),
            mediaType: try row.get("media_type"),
            details: details,
            status: try row.enumeration("status", table: "media_asset"),
            source: try row.get("source"),
            clientToken: try row.get("client_token"),
            createTime: try row.date("create_time"),
            modifiedTime: try row.date("modified_time"),
            files: files
        )
    }

    /// A file of `row` (a row of `media_file`).
    static func file(_ row: PostgresRow) throws -> MediaFile {
        let row = row.makeRandomAccess()
        return MediaFile(
            location: try StorageLocation(parsing: row.get("location")),
            fileType: MediaFile.FileType(rawValue: try row.get("file_type")),
            info: try row.json("info", table: "media_file", as: MediaFileInfo.self),
            activityName: try row.get("activity_name")
        )
    }

    /// Adds `file` to the end of `mediaID`'s list, or, when that location is listed already, replaces its
    /// type (and its info and activity when given) in place.
    static func upsert(_ file: MediaFile, mediaID: MediaID) throws -> PostgresQuery {
        let info = try file.info.map { try StoreValue.json($0) }
        return """
            INSERT INTO media_file (media_id, position, location, file_type, info, activity_name)
            VALUES (\(mediaID.rawValue),
                    (SELECT COALESCE(MAX(position) + 1, 0) FROM media_file WHERE media_id = \(mediaID.rawValue)),
                    \(file.location.description), \(file.fileType.rawValue), \(info), \(file.activityName))
            ON CONFLICT (media_id, location) DO UPDATE SET
                file_type = excluded.file_type,
                info = COALESCE(excluded.info, media_file.info),
                activity_name = COALESCE(excluded.activity_name, media_file.activity_name)
            """
    }
}
