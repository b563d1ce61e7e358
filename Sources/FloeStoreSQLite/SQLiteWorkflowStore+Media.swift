import FloeCore
import FloeEngine
import GRDB

extension SQLiteWorkflowStore {
    public func createMedia(_ media: MediaAsset) async throws {
        let record = MediaAssetRecord(media)
        try await write { db in
            if try MediaAssetRecord.exists(db, key: record.id) {
                throw FloeError.conflict("media \(media.id) already exists")
            }
            if try MediaAssetRecord.filter(Column("accountID") == record.accountID && Column("inputURL") == record.inputURL)
                .fetchCount(db) > 0 {
                throw FloeError.conflict("account \(media.accountID) already registered a media asset for \(media.inputURL)")
            }
            try record.insert(db)
            for file in media.files {
                try MediaFileRecord.upsert(file, mediaID: media.id, in: db)
            }
        }
    }

    public func media(_ id: MediaID) async throws -> MediaAsset? {
        try await read { db in
            try MediaAssetRecord.fetchOne(db, key: id.rawValue).map { try Self.media($0, in: db) }
        }
    }

    public func media(inputURL: StorageLocation, accountID: AccountID) async throws -> MediaAsset? {
        try await read { db in
            try MediaAssetRecord.filter(Column("accountID") == accountID.rawValue && Column("inputURL") == inputURL.description)
                .fetchOne(db)
                .map { try Self.media($0, in: db) }
        }
    }

    /// The asset of `record` with its files, in the order they were first added.
    static func media(_ record: MediaAssetRecord, in db: Database) throws -> MediaAsset {
        let files = try MediaFileRecord.fetchAll(
            db, sql: "SELECT * FROM mediaFile WHERE mediaID = ? ORDER BY position", arguments: [record.id]
        )
        return try record.model(files: files.map { try $0.model() })
    }
}
