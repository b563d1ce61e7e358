import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func mediaToPrepare(staleBefore: Date, limit: Int) async throws -> [MediaID] {
        guard limit > 0 else { return [] }
        return try await read { db in
            try String.fetchAll(db.cachedStatement(sql: """
                    SELECT id FROM mediaAsset
                    WHERE status = ? OR (status = ? AND (preparingSince IS NULL OR preparingSince < ?))
                    ORDER BY createTime, id LIMIT ?
                    """),
                arguments: [MediaAsset.Status.initial.rawValue, MediaAsset.Status.preparing.rawValue,
                            SQLiteValue.time(staleBefore), limit]
            ).map { try MediaID($0) }
        }
    }

    public func claimPreparation(_ id: MediaID, staleBefore: Date, now: Date) async throws -> MediaPreparationClaim? {
        try await write { db in
            guard var record = try MediaAssetRecord.fetchOne(db, id: id.rawValue) else { return nil }
            switch MediaAsset.Status(rawValue: record.status) {
            case .initial?:
                break
            case .preparing? where (record.preparingSince ?? .min) < SQLiteValue.time(staleBefore):
                break
            default:
                return nil
            }
            record.status = MediaAsset.Status.preparing.rawValue
            record.preparingSince = SQLiteValue.time(now)
            record.prepareAttempts += 1
            record.modifiedTime = SQLiteValue.time(now)
            try record.update(db)
            return MediaPreparationClaim(media: try Self.media(record, in: db), claimedAt: now, attempt: record.prepareAttempts)
        }
    }

    @discardableResult
    public func finishPreparation(_ claim: MediaPreparationClaim, result: MediaPreparationResult, now: Date) async throws -> Bool {
        let finished = try await write { db in
            guard var record = try MediaAssetRecord.fetchOne(db, id: claim.media.id.rawValue),
                  record.status == MediaAsset.Status.preparing.rawValue,
                  record.preparingSince == SQLiteValue.time(claim.claimedAt)
            else { return false }
            switch result {
            case .prepared(let info):
                record.status = MediaAsset.Status.normal.rawValue
                let source = MediaFile(location: claim.media.inputURL, fileType: .sourceFile, info: info)
                try MediaFileRecord.upsert(source, mediaID: claim.media.id, in: db)
            case .failed:
                record.status = MediaAsset.Status.prepareFail.rawValue
            }
            record.preparingSince = nil
            record.modifiedTime = SQLiteValue.time(now)
            try record.update(db)
            let media = claim.media
            let status = MediaAsset.Status(rawValue: record.status) ?? .prepareFail
            try Self.writeEvent(.registerMediaComplete, subject: media.id.rawValue, accountID: media.accountID,
                                userData: media.details.userData, time: now, in: db) {
                EventEnvelope.registerMediaComplete(media, status: status, time: now)
            }
            return true
        }
        if finished { workSignal.notify() }
        return finished
    }
}
