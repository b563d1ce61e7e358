import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    public func claim(owner: String, limit: Int, capabilities: Set<Capability>?, leaseDuration: Duration,
                      now: Date) async throws -> [ActivityRun] {
        guard limit > 0 else { return [] }
        let leaseExpiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await write { session in
            try await Self.claimRuns(in: session, owner: owner, limit: limit, capabilities: capabilities, leaseExpiresAt: leaseExpiresAt, now: now)
        }
    }

    /// The runs `claim` takes, in its transaction. (A function of its own, with the machine's choices returned
    /// rather than appended from inside its closure: Swift 6.3's optimizer crashed on the closure form.)
    static func claimRuns(in session: PostgresSession, owner: String, limit: Int, capabilities: Set<Capability>?,
                          leaseExpiresAt: Date, now: Date) async throws -> [ActivityRun] {
        let capabilityNames = (capabilities ?? []).storedJSON
        // Candidate tasks, locked; those another claimer (or any decision) holds are skipped, not waited for.
        // The machine decides what may be claimed. The statuses are literals, as in the index `task_active` (v3),
        // which the planner then walks: tasks that have ended are never read.
        let rows = try await session.rows("""
            SELECT t.id FROM task t
            WHERE t.status IN ('\(unescaped: TaskStatus.initial.rawValue)', '\(unescaped: TaskStatus.processing.rawValue)')
              AND EXISTS (SELECT 1 FROM activity_run r
                          WHERE r.task_id = t.id AND r.status = \(ActivityStatus.ready.rawValue)
                            AND (r.not_before IS NULL OR r.not_before <= \(StoreValue.time(now)))
                            AND (\(capabilities == nil) OR r.requirements::jsonb <@ \(capabilityNames)::jsonb))
            ORDER BY t.create_time, t.id
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """)
        var claimed: [ActivityRun] = []
        for row in rows where claimed.count < limit {
            let taskID = try TaskID(row.decode(String.self))
            let remaining = limit - claimed.count
            claimed += try await withMachine(taskID, in: session) { machine in
                var taken: [ActivityRun] = []
                for name in machine.runs.keys.sorted() where taken.count < remaining {
                    if machine.runs[name]!.isRunnable(by: capabilities),
                       machine.claim(name, owner: owner, leaseExpiresAt: leaseExpiresAt, now: now) {
                        taken.append(machine.runs[name]!)
                    }
                }
                return taken
            } ?? []
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
            try await Self.withMachine(run.taskID, in: session) { machine in
                machine.complete(run.name, owner: owner, outcome: outcome, now: now)
            } ?? false
        }
        if completed { workSignal.notify() }
        return completed
    }

    public func release(_ run: ActivityRun.ID, owner: String, now: Date) async throws {
        let released = try await write { session in
            try await Self.withMachine(run.taskID, in: session) { machine in
                machine.release(run.name, owner: owner, now: now)
                return !machine.changedRuns.isEmpty
            } ?? false
        }
        if released { workSignal.notify() }
    }

    @discardableResult
    public func reclaimExpiredLeases(now: Date, maxAttempts: Int) async throws -> Int {
        let count = try await write { session in
            try await Self.reclaimRuns(in: session, now: now, maxAttempts: maxAttempts)
        }
        if count > 0 { workSignal.notify() }
        return count
    }

    /// What `reclaimExpiredLeases` does in its transaction. (A function of its own, with each machine's count
    /// returned rather than added from inside its closure: Swift 6.3's optimizer crashed on the closure form.)
    static func reclaimRuns(in session: PostgresSession, now: Date, maxAttempts: Int) async throws -> Int {
        // Tasks are locked one at a time, in id order, so two reapers never deadlock.
        let rows = try await session.rows("""
            SELECT DISTINCT task_id FROM activity_run
            WHERE status = \(ActivityStatus.running.rawValue) AND lease_expires_at < \(StoreValue.time(now))
            ORDER BY task_id
            """)
        var count = 0
        for row in rows {
            let taskID = try TaskID(row.decode(String.self))
            count += try await withMachine(taskID, in: session) { machine in
                let expired = machine.runs.values
                    .filter { $0.status == .running && ($0.leaseExpiresAt.map { $0 < now } ?? false) }
                    .map(\.name).sorted()
                var reclaimed = 0
                for name in expired {
                    machine.expireLease(name, now: now, maxAttempts: maxAttempts)
                    if machine.runs[name]?.status != .running { reclaimed += 1 }
                }
                return reclaimed
            } ?? 0
        }
        return count
    }
}
