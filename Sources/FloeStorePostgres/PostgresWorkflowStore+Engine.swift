import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func claim(owner: String, limit: Int, leaseDuration: Duration, now: Date) async throws -> [ActivityRun] {
        guard limit > 0 else { return [] }
        let leaseExpiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let due = StoreValue.time(now)
        let claimed = try await write { session in
            // Candidate tasks, locked; those another claimer (or any decision) holds are skipped, not waited for.
            // The machine decides what may be claimed.
            let taskIDs = try await session.rows("""
                SELECT t.id FROM task t
                WHERE t.status IN (\(TaskStatus.initial.rawValue), \(TaskStatus.processing.rawValue))
                  AND EXISTS (SELECT 1 FROM activity_run r
                              WHERE r.task_id = t.id AND r.status = \(ActivityStatus.ready.rawValue)
                                AND (r.not_before IS NULL OR r.not_before <= \(due)))
                ORDER BY t.create_time, t.id
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED
                """).map { try TaskID($0.decode(String.self)) }
            var claimed: [ActivityRun] = []
            for taskID in taskIDs where claimed.count < limit {
                try await Self.withMachine(taskID, in: session) { machine in
                    for name in machine.runs.keys.sorted() where claimed.count < limit
                        && machine.claim(name, owner: owner, leaseExpiresAt: leaseExpiresAt, now: now) {
                        claimed.append(machine.runs[name]!)
                    }
                }
            }
            return claimed
        }
        return claimed
    }

    public func heartbeat(_ run: ActivityRun.ID, owner: String, progress: Double?, leaseDuration: Duration,
                          now: Date) async throws -> LeaseState {
        let leaseExpiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await write { session in
            try await Self.withMachine(run.taskID, in: session) { machine in
                machine.heartbeat(run.name, owner: owner, progress: progress, leaseExpiresAt: leaseExpiresAt)
            } ?? .lost
        }
    }

    @discardableResult
    public func complete(_ run: ActivityRun.ID, owner: String, outcome: ActivityOutcome, now: Date) async throws -> Bool {
        let completed = try await write { session in
            let completed = try await Self.withMachine(run.taskID, in: session) { machine in
                machine.complete(run.name, owner: owner, outcome: outcome, now: now)
            } ?? false
            if completed { try await session.notifyWork() }
            return completed
        }
        if completed { workSignal.notify() }
        return completed
    }

    public func release(_ run: ActivityRun.ID, owner: String, now: Date) async throws {
        let released = try await write { session in
            let released = try await Self.withMachine(run.taskID, in: session) { machine in
                machine.release(run.name, owner: owner, now: now)
                return !machine.changedRuns.isEmpty
            } ?? false
            if released { try await session.notifyWork() }
            return released
        }
        if released { workSignal.notify() }
    }

    @discardableResult
    public func reclaimExpiredLeases(now: Date, maxAttempts: Int) async throws -> Int {
        let count = try await write { session in
            // Tasks are locked one at a time, in id order, so two reapers never deadlock.
            let taskIDs = try await session.rows("""
                SELECT DISTINCT task_id FROM activity_run
                WHERE status = \(ActivityStatus.running.rawValue) AND lease_expires_at < \(StoreValue.time(now))
                ORDER BY task_id
                """).map { try TaskID($0.decode(String.self)) }
            var count = 0
            for taskID in taskIDs {
                try await Self.withMachine(taskID, in: session) { machine in
                    let expired = machine.runs.values
                        .filter { $0.status == .running && ($0.leaseExpiresAt.map { $0 < now } ?? false) }
                        .map(\.name).sorted()
                    for name in expired {
                        machine.expireLease(name, now: now, maxAttempts: maxAttempts)
                        if machine.runs[name]?.status != .running { count += 1 }
                    }
                }
            }
            if count > 0 { try await session.notifyWork() }
            return count
        }
        if count > 0 { workSignal.notify() }
        return count
    }
}
