import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func advertise(_ worker: WorkerRecord) async throws {
        _ = try await write { session in
            try await session.execute("""
                INSERT INTO worker (owner, slots, capabilities, start_time, seen_time)
                VALUES (\(worker.owner), \(worker.slots), \(worker.capabilities.list), \(StoreValue.time(worker.startTime)),
                        \(StoreValue.time(worker.seenTime)))
                ON CONFLICT (owner) DO UPDATE SET slots = excluded.slots, capabilities = excluded.capabilities,
                    start_time = excluded.start_time, seen_time = excluded.seen_time
                """)
        }
    }

    public func workers() async throws -> [WorkerRecord] {
        try await read { session in
            var records: [WorkerRecord] = []
            for row in try await session.rows("SELECT * FROM worker ORDER BY owner") {
                let columns = row.makeRandomAccess()
                records.append(WorkerRecord(
                    owner: try columns.get("owner"), slots: try columns.get("slots", as: Int.self),
                    capabilities: .parsing(list: try columns.get("capabilities")), startTime: try columns.date("start_time"),
                    seenTime: try columns.date("seen_time")))
            }
            return records
        }
    }

    public func removeWorker(_ owner: String) async throws {
        _ = try await write { session in
            try await session.execute("DELETE FROM worker WHERE owner = \(owner)")
        }
    }

    @discardableResult
    public func removeWorkers(seenBefore: Date) async throws -> Int {
        try await write { session in
            try await session.count("DELETE FROM worker WHERE seen_time < \(StoreValue.time(seenBefore)) RETURNING owner")
        }
    }
}
