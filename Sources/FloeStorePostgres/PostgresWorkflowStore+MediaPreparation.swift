import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func mediaToPrepare(staleBefore: Date, limit: Int) async throws -> [MediaID] {
        guard limit > 0 else { return [] }
        let rows = try await read { session in
            try await session.rows("""
                SELECT id FROM media_asset
                WHERE status = \(MediaAsset.Status.initial.rawValue)
                   OR (status = \(MediaAsset.Status.preparing.rawValue)
                       AND (preparing_since IS NULL OR preparing_since < \(StoreValue.time(staleBefore))))
                ORDER BY create_time, id LIMIT \(limit)
                """)
        }
        // A loop, not `map` with a typed-throws initialiser inside the async closure: Swift 6.3's optimizer
        // crashed on that form in release builds.
        var ids: [MediaID] = []
        for row in rows { ids.append(try MediaID(row.decode(String.self))) }
        return ids
    }

    public func claimPreparation(_ id: MediaID, staleBefore: Date, now: Date) async throws -> MediaPreparationClaim? {
        try await write { session in
            // The row lock makes concurrent claimers wait, then see the winner's claim.
            guard let row = try await session.rows("""
                SELECT status, preparing_since FROM media_asset WHERE id = \(id.rawValue) FOR UPDATE
                """).first else { return nil }
            let (status, preparingSince) = try row.decode((String, Int64?).self)
            switch MediaAsset.Status(rawValue: status) {
            case .initial?:
                break
            case .preparing? where (preparingSince ?? .min) < StoreValue.time(staleBefore):
                break
            default:
                return nil
            }
            let attempt = try await session.value(Int.self, """
                UPDATE media_asset SET status = \(MediaAsset.Status.preparing.rawValue),
                    preparing_since = \(StoreValue.time(now)), prepare_attempts = prepare_attempts + 1,
                    modified_time = \(StoreValue.time(now))
                WHERE id = \(id.rawValue) RETURNING prepare_attempts
                """) ?? 1
            guard let media = try await Self.media(where: "SELECT * FROM media_asset WHERE id = \(id.rawValue)", in: session) else {
                return nil
            }
            return MediaPreparationClaim(media: media, claimedAt: now, attempt: attempt)
        }
    }

    @discardableResult
    public func finishPreparation(_ claim: MediaPreparationClaim, result: MediaPreparationResult, now: Date) async throws -> Bool {
        let media = claim.media
        let finished = try await write { session in
            guard let row = try await session.rows("""
                SELECT status, preparing_since FROM media_asset WHERE id = \(media.id.rawValue) FOR UPDATE
                """).first else { return false }
            let (status, preparingSince) = try row.decode((String, Int64?).self)
            guard status == MediaAsset.Status.preparing.rawValue, preparingSince == StoreValue.time(claim.claimedAt) else {
                return false
            }
            let newStatus: MediaAsset.Status
            switch result {
            case .prepared(let info):
                newStatus = .normal
                let source = MediaFile(location: media.inputURL, fileType: .sourceFile, info: info)
                try await session.execute(try MediaRow.upsert(source, mediaID: media.id))
            case .failed:
                newStatus = .prepareFail
            }
            try await session.execute("""
                UPDATE media_asset SET status = \(newStatus.rawValue), preparing_since = NULL, modified_time = \(StoreValue.time(now))
                WHERE id = \(media.id.rawValue)
                """)
            try await Self.writeEvent(.registerMediaComplete, subject: media.id.rawValue, accountID: media.accountID,
                                      userData: media.details.userData, time: now, in: session) {
                EventEnvelope.registerMediaComplete(media, status: newStatus, time: now)
            }
            try await session.notifyWork()
            return true
        }
        if finished { workSignal.notify() }
        return finished
    }
}
