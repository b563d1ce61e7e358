import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func advertise(_ worker: WorkerRecord) async throws {
        try await write { db in
            try db.cachedStatement(sql: """
                INSERT INTO worker (owner, slots, capabilities, startTime, seenTime) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (owner) DO UPDATE SET slots = excluded.slots, capabilities = excluded.capabilities,
                    startTime = excluded.startTime, seenTime = excluded.seenTime
                """).execute(arguments: [worker.owner, worker.slots, worker.capabilities.list, SQLiteValue.time(worker.startTime),
                                 SQLiteValue.time(worker.seenTime)])
        }
    }

    public func workers() async throws -> [WorkerRecord] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM worker ORDER BY owner")).map { row in
                WorkerRecord(owner: row["owner"], slots: row["slots"], capabilities: .parsing(list: row["capabilities"]),
                             startTime: SQLiteValue.date(row["startTime"]), seenTime: SQLiteValue.date(row["seenTime"]))
            }
        }
    }

    public func removeWorker(_ owner: String) async throws {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM worker WHERE owner = ?").execute(arguments: [owner])
        }
    }

    @discardableResult
    public func removeWorkers(seenBefore: Date) async throws -> Int {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM worker WHERE seenTime < ?").execute(arguments: [SQLiteValue.time(seenBefore)])
            return db.changesCount
        }
    }
}
