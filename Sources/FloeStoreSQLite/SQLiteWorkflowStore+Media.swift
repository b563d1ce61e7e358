import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func createMedia(_ media: MediaAsset) async throws {
        let record = try MediaAssetRecord(media)
        try await write { db in try Self.insert(media, record: record, in: db) }
        workSignal.notify()
    }

    /// Inserts `media` (as `record`) with its files, after the checks ``createMedia(_:)`` documents.
    static func insert(_ media: MediaAsset, record: MediaAssetRecord, in db: Database) throws {
        if try MediaAssetRecord.exists(db, id: record.id) {
            throw FloeError.conflict("media \(media.id) already exists")
        }
        if try accountHasMedia(record.accountID, where: "inputURL", is: record.inputURL, in: db) {
            throw FloeError.conflict("account \(media.accountID) already registered a media asset for \(media.inputURL)")
        }
        if let referenceID = record.referenceID, try accountHasMedia(record.accountID, where: "referenceID", is: referenceID, in: db) {
            throw FloeError.conflict("account \(media.accountID) already has a media asset with ReferenceId \(referenceID)")
        }
        if let token = record.clientToken, try accountHasMedia(record.accountID, where: "clientToken", is: token, in: db) {
            throw FloeError.conflict("account \(media.accountID) already registered a media asset with this ClientToken")
        }
        try record.insert(db)
        for file in media.files {
            try MediaFileRecord.upsert(file, mediaID: media.id, in: db)
        }
    }

    /// Whether `accountID` has an asset whose `column` (unique per account) is `value`.
    private static func accountHasMedia(_ accountID: String, where column: String, is value: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM mediaAsset WHERE accountID = ? AND \(column) = ?)"),
                          arguments: [accountID, value]) ?? false
    }

    public func media(_ id: MediaID) async throws -> MediaAsset? {
        try await read { db in
            try MediaAssetRecord.fetchOne(db, id: id.rawValue).map { try Self.media($0, in: db) }
        }
    }

    public func media(inputURL: StorageLocation, accountID: AccountID) async throws -> MediaAsset? {
        try await media(accountID: accountID, where: "inputURL", is: inputURL.description)
    }

    public func mediaID(inputURL: StorageLocation, accountID: AccountID) async throws -> MediaID? {
        try await read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM mediaAsset WHERE accountID = ? AND inputURL = ?"),
                                arguments: [accountID.rawValue, inputURL.description])
                .map { try MediaID($0) }
        }
    }

    public func media(referenceID: String, accountID: AccountID) async throws -> MediaAsset? {
        try await media(accountID: accountID, where: "referenceID", is: referenceID)
    }

    public func media(clientToken: String, accountID: AccountID) async throws -> MediaAsset? {
        try await media(accountID: accountID, where: "clientToken", is: clientToken)
    }

    /// The asset of `accountID` whose `column` is `value`; the column is unique per account.
    private func media(accountID: AccountID, where column: String, is value: String) async throws -> MediaAsset? {
        try await read { db in
            try MediaAssetRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM mediaAsset WHERE accountID = ? AND \(column) = ?"),
                                          arguments: [accountID.rawValue, value])
                .map { try Self.media($0, in: db) }
        }
    }

    @discardableResult
    public func updateMedia(_ id: MediaID, details: MediaAsset.Details, now: Date) async throws -> MediaAsset {
        try await write { db in
            guard var record = try MediaAssetRecord.fetchOne(db, id: id.rawValue) else {
                throw FloeError.notFound("media \(id) does not exist")
            }
            if let referenceID = details.referenceID,
               try MediaAssetRecord.filter(Column("accountID") == record.accountID && Column("referenceID") == referenceID
                   && Column("id") != record.id).fetchCount(db) > 0 {
                throw FloeError.conflict("account \(record.accountID) already has a media asset with ReferenceId \(referenceID)")
            }
            try record.apply(details)
            record.modifiedTime = SQLiteValue.time(now)
            try record.update(db)
            return try Self.media(record, in: db)
        }
    }

    public func deleteMedia(_ id: MediaID) async throws -> Bool {
        try await write { db in
            guard try MediaAssetRecord.exists(db, id: id.rawValue) else { return false }
            let live = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM task WHERE mediaID = ? AND status IN (?, ?)"),
                arguments: [id.rawValue, TaskStatus.initial.rawValue, TaskStatus.processing.rawValue]) ?? 0
            guard live == 0 else { throw FloeError.conflict("media \(id) has \(live) task(s) that have not ended") }
            try db.cachedStatement(sql: "DELETE FROM mediaFile WHERE mediaID = ?").execute(arguments: [id.rawValue])
            return try MediaAssetRecord.deleteOne(db, key: id.rawValue)
        }
    }

    public func isMediaFileListed(_ location: StorageLocation) async throws -> Bool {
        try await read { db in
            try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM mediaFile WHERE location = ?)"),
                              arguments: [location.description]) ?? false
        }
    }

    public func medias(_ query: MediaQuery) async throws -> Page<MediaAsset> {
        let after = try query.page.token.map { token throws(FloeError) in try PageToken.decodeMedia(token, order: query.order) }
        let limit = query.page.limit
        var filter = Self.filter(query)
        if let after {
            let comparison = query.order == .descending ? "<" : ">"
            filter.conditions.append("(createTime \(comparison) ? OR (createTime = ? AND id \(comparison) ?))")
            filter.arguments += [after.createTime, after.createTime, after.id.rawValue]
        }
        filter.arguments += [limit + 1]
        let direction = query.order == .descending ? "DESC" : "ASC"
        let sql = "SELECT * FROM mediaAsset \(filter.whereClause) ORDER BY createTime \(direction), id \(direction) LIMIT ?"
        return try await read { [filter] db in
            let records = try MediaAssetRecord.fetchAll(db.cachedStatement(sql: sql), arguments: filter.arguments)
            let page = records.prefix(limit)
            let next = records.count > limit
                ? try page.last.map { PageToken.encode(mediaCreateTime: $0.createTime, id: try MediaID($0.id), order: query.order) }
                : nil
            return Page(items: try page.map { try Self.media($0, in: db) }, nextToken: next)
        }
    }

    public func mediaCount(_ query: MediaQuery) async throws -> Int {
        let filter = Self.filter(query)
        return try await read { db in
            try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM mediaAsset \(filter.whereClause)"),
                arguments: filter.arguments) ?? 0
        }
    }

    /// The conditions of `query`, its page aside.
    private static func filter(_ query: MediaQuery) -> SQLFilter {
        var filter = SQLFilter()
        filter.add("accountID = ?", query.accountID?.rawValue)
        filter.add("id = ?", query.mediaID?.rawValue)
        filter.add("mediaType = ?", query.mediaType)
        filter.add("businessType = ?", query.businessType?.rawValue)
        filter.add("source = ?", query.source)
        filter.add("status = ?", query.status?.rawValue)
        filter.add("createTime > ?", query.createdAfter.map(SQLiteValue.time))
        filter.add("createTime <= ?", query.createdUntil.map(SQLiteValue.time))
        return filter
    }

    /// The asset of `record` with its files, in the order they were first added.
    static func media(_ record: MediaAssetRecord, in db: Database) throws -> MediaAsset {
        let files = try MediaFileRecord.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM mediaFile WHERE mediaID = ? ORDER BY position"), arguments: [record.id]
        )
        return try record.model(files: files.map { try $0.model() })
    }
}

/// A `WHERE` clause built from optional conditions, with its arguments.
struct SQLFilter: Sendable {
    var conditions: [String] = []
    var arguments: StatementArguments = []

    /// Adds `condition` with its one argument, unless the argument is `nil`.
    mutating func add(_ condition: String, _ value: (some DatabaseValueConvertible & Sendable)?) {
        guard let value else { return }
        conditions.append(condition)
        arguments += [value]
    }

    var whereClause: String {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }
}
