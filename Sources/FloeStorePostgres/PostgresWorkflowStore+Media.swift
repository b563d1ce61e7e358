import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func createMedia(_ media: MediaAsset) async throws {
        let insert = try MediaRow.insert(media)
        try await write { session in
            try await Self.insert(media, query: insert, in: session)
            try await session.notifyWork()
        }
        workSignal.notify()
    }

    /// Inserts `media` (with `query`) and its files, after the checks ``createMedia(_:)`` documents. A unique
    /// violation from a concurrent insert is a conflict too.
    static func insert(_ media: MediaAsset, query: PostgresQuery, in session: PostgresSession) async throws {
        let account = media.accountID.rawValue
        if try await session.exists("SELECT 1 FROM media_asset WHERE id = \(media.id.rawValue)") {
            throw FloeError.conflict("media \(media.id) already exists")
        }
        if try await session.exists(
            "SELECT 1 FROM media_asset WHERE account_id = \(account) AND input_url = \(media.inputURL.description)") {
            throw FloeError.conflict("account \(media.accountID) already registered a media asset for \(media.inputURL)")
        }
        if let referenceID = media.details.referenceID, try await session.exists(
            "SELECT 1 FROM media_asset WHERE account_id = \(account) AND reference_id = \(referenceID)") {
            throw FloeError.conflict("account \(media.accountID) already has a media asset with ReferenceId \(referenceID)")
        }
        if let token = media.clientToken, try await session.exists(
            "SELECT 1 FROM media_asset WHERE account_id = \(account) AND client_token = \(token)") {
            throw FloeError.conflict("account \(media.accountID) already registered a media asset with this ClientToken")
        }
        try await session.execute(query)
        for file in media.files {
            try await session.execute(try MediaRow.upsert(file, mediaID: media.id))
        }
    }

    public func media(_ id: MediaID) async throws -> MediaAsset? {
        try await read { session in
            try await Self.media(where: "SELECT * FROM media_asset WHERE id = \(id.rawValue)", in: session)
        }
    }

    public func media(inputURL: StorageLocation, accountID: AccountID) async throws -> MediaAsset? {
        try await read { session in
            try await Self.media(where: """
                SELECT * FROM media_asset WHERE account_id = \(accountID.rawValue) AND input_url = \(inputURL.description)
                """, in: session)
        }
    }

    public func mediaID(inputURL: StorageLocation, accountID: AccountID) async throws -> MediaID? {
        try await read { session in
            try await session.value(String.self, """
                SELECT id FROM media_asset WHERE account_id = \(accountID.rawValue) AND input_url = \(inputURL.description)
                """).map { try MediaID($0) }
        }
    }

    public func media(referenceID: String, accountID: AccountID) async throws -> MediaAsset? {
        try await read { session in
            try await Self.media(where: """
                SELECT * FROM media_asset WHERE account_id = \(accountID.rawValue) AND reference_id = \(referenceID)
                """, in: session)
        }
    }

    public func media(clientToken: String, accountID: AccountID) async throws -> MediaAsset? {
        try await read { session in
            try await Self.media(where: """
                SELECT * FROM media_asset WHERE account_id = \(accountID.rawValue) AND client_token = \(clientToken)
                """, in: session)
        }
    }

    /// The first asset `query` selects (rows of `media_asset`), with its files.
    static func media(where query: PostgresQuery, in session: PostgresSession) async throws -> MediaAsset? {
        guard let row = try await session.rows(query).first else { return nil }
        return try await media(row, in: session)
    }

    /// The asset of `row` with its files, in the order they were first added.
    static func media(_ row: PostgresRow, in session: PostgresSession) async throws -> MediaAsset {
        let id: String = try row.makeRandomAccess().get("id")
        let files = try await session.rows("SELECT * FROM media_file WHERE media_id = \(id) ORDER BY position")
            .map(MediaRow.file)
        return try MediaRow.model(row, files: files)
    }

    @discardableResult
    public func updateMedia(_ id: MediaID, details: MediaAsset.Details, now: Date) async throws -> MediaAsset {
        let update = try MediaRow.update(id, details: details, modifiedTime: StoreValue.time(now))
        return try await write { session in
            guard let account = try await session.value(
                String.self, "SELECT account_id FROM media_asset WHERE id = \(id.rawValue) FOR UPDATE") else {
                throw FloeError.notFound("media \(id) does not exist")
            }
            if let referenceID = details.referenceID, try await session.exists("""
                SELECT 1 FROM media_asset WHERE account_id = \(account) AND reference_id = \(referenceID) AND id <> \(id.rawValue)
                """) {
                throw FloeError.conflict("account \(account) already has a media asset with ReferenceId \(referenceID)")
            }
            try await session.execute(update)
            guard let media = try await Self.media(where: "SELECT * FROM media_asset WHERE id = \(id.rawValue)", in: session) else {
                throw FloeError.notFound("media \(id) does not exist")
            }
            return media
        }
    }

    public func deleteMedia(_ id: MediaID) async throws -> Bool {
        try await write { session in
            guard try await session.exists("SELECT 1 FROM media_asset WHERE id = \(id.rawValue) FOR UPDATE") else { return false }
            let live = try await session.value(Int.self, """
                SELECT COUNT(*) FROM task WHERE media_id = \(id.rawValue)
                    AND status IN (\(TaskStatus.initial.rawValue), \(TaskStatus.processing.rawValue))
                """) ?? 0
            guard live == 0 else { throw FloeError.conflict("media \(id) has \(live) task(s) that have not ended") }
            try await session.execute("DELETE FROM media_file WHERE media_id = \(id.rawValue)")
            return try await session.count("DELETE FROM media_asset WHERE id = \(id.rawValue) RETURNING 1") > 0
        }
    }

    public func isMediaFileListed(_ location: StorageLocation) async throws -> Bool {
        try await read { session in
            try await session.exists("SELECT 1 FROM media_file WHERE location = \(location.description) LIMIT 1")
        }
    }

    public func medias(_ query: MediaQuery) async throws -> Page<MediaAsset> {
        let after = try query.page.token.map { token throws(FloeError) in try PageToken.decodeMedia(token, order: query.order) }
        let limit = query.page.limit
        var filter = Self.filter(query)
        if let after {
            let comparison = query.order == .descending ? "<" : ">"
            filter.add("(create_time, id) \(comparison) (\(filter.bind(after.createTime)), \(filter.bind(after.id.rawValue)))")
        }
        let direction = query.order == .descending ? "DESC" : "ASC"
        let limitValue = filter.bind(limit + 1)
        let sql = filter.query("SELECT * FROM media_asset",
                               " ORDER BY create_time \(direction), id \(direction) LIMIT \(limitValue)")
        return try await read { session in
            let rows = try await session.rows(sql)
            var items: [MediaAsset] = []
            for row in rows.prefix(limit) { items.append(try await Self.media(row, in: session)) }
            let next = rows.count > limit
                ? PageToken.encode(mediaCreateTime: try rows[limit - 1].makeRandomAccess().get("create_time"),
                                   id: items[limit - 1].id, order: query.order)
                : nil
            return Page(items: items, nextToken: next)
        }
    }

    public func mediaCount(_ query: MediaQuery) async throws -> Int {
        let sql = Self.filter(query).query("SELECT COUNT(*) FROM media_asset")
        return try await read { session in try await session.value(Int.self, sql) ?? 0 }
    }

    /// The conditions of `query`, its page aside.
    private static func filter(_ query: MediaQuery) -> SQLFilter {
        var filter = SQLFilter()
        filter.add("account_id", equals: query.accountID?.rawValue)
        filter.add("id", equals: query.mediaID?.rawValue)
        filter.add("media_type", equals: query.mediaType)
        filter.add("business_type", equals: query.businessType?.rawValue)
        filter.add("source", equals: query.source)
        filter.add("status", equals: query.status?.rawValue)
        if let createdAfter = query.createdAfter { filter.add("create_time > \(filter.bind(StoreValue.time(createdAfter)))") }
        if let createdUntil = query.createdUntil { filter.add("create_time <= \(filter.bind(StoreValue.time(createdUntil)))") }
        return filter
    }
}
