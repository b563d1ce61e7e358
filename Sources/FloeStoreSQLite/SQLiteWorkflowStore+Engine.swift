import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    public func claim(owner: String, limit: Int, capabilities: Set<Capability>?, leaseDuration: Duration,
                      now: Date) async throws -> [ActivityRun] {
        guard limit > 0 else { return [] }
        let leaseExpiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        let capabilityNames = (capabilities ?? []).storedJSON
        return try await write { db in
            // Candidates only: the machine decides what may be claimed.
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT r.taskID, r.name FROM activityRun r JOIN task t ON t.id = r.taskID
                    WHERE r.status = 'Ready' AND (r.notBefore IS NULL OR r.notBefore <= ?) AND t.status IN (?, ?)
                      AND (? OR NOT EXISTS (SELECT 1 FROM json_each(r.requirements)
                                            WHERE value NOT IN (SELECT value FROM json_each(?))))
                    ORDER BY t.createTime, t.id, r.name
                    LIMIT ?
                    """),
                arguments: [SQLiteValue.time(now),
                            TaskStatus.initial.rawValue, TaskStatus.processing.rawValue, capabilities == nil, capabilityNames, limit]
            )
            var claimed: [ActivityRun] = []
            for (taskID, names) in try Self.groupedByTask(rows) {
                try Self.withMachine(taskID, in: db) { machine in
                    for name in names where machine.runs[name]?.isRunnable(by: capabilities) == true
                        && machine.claim(name, owner: owner, leaseExpiresAt: leaseExpiresAt, now: now) {
                        claimed.append(machine.runs[name]!)
                    }
                }
            }
            return claimed
        }
    }

    public func heartbeat(_ run: ActivityRun.ID, owner: String, progress: Double?, leaseDuration: Duration,
                          now: Date) async throws -> LeaseState {
        let leaseExpiresAt = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await write { db in
            try Self.withMachine(run.taskID, in: db) { machine in
                machine.heartbeat(run.name, owner: owner, progress: progress, leaseExpiresAt: leaseExpiresAt)
            } ?? .lost
        }
    }

    @discardableResult
    public func complete(_ run: ActivityRun.ID, owner: String, outcome: ActivityOutcome, now: Date) async throws -> Bool {
        let completed = try await write { db in
            try Self.withMachine(run.taskID, in: db) { machine in
                machine.complete(run.name, owner: owner, outcome: outcome, now: now)
            } ?? false
        }
        if completed { workSignal.notify() }
        return completed
    }

    public func release(_ run: ActivityRun.ID, owner: String, now: Date) async throws {
        let released = try await write { db in
            try Self.withMachine(run.taskID, in: db) { machine in
                machine.release(run.name, owner: owner, now: now)
                return !machine.changedRuns.isEmpty
            } ?? false
        }
        if released { workSignal.notify() }
    }

    @discardableResult
    public func reclaimExpiredLeases(now: Date, maxAttempts: Int) async throws -> Int {
        let count = try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT taskID, name FROM activityRun INDEXED BY activityRun_running WHERE status = 'Running' AND leaseExpiresAt < ? ORDER BY taskID, name"),
                arguments: [SQLiteValue.time(now)]
            )
            var count = 0
            for (taskID, names) in try Self.groupedByTask(rows) {
                try Self.withMachine(taskID, in: db) { machine in
                    for name in names {
                        machine.expireLease(name, now: now, maxAttempts: maxAttempts)
                        if machine.runs[name]?.status != .running { count += 1 }
                    }
                }
            }
            return count
        }
        if count > 0 { workSignal.notify() }
        return count
    }

    /// Groups `(taskID, name)` rows by task, keeping the order in which tasks first appear.
    static func groupedByTask(_ rows: [Row]) throws -> [(TaskID, [String])] {
        var groups: [(TaskID, [String])] = []
        var index: [String: Int] = [:]
        for row in rows {
            let taskID: String = row["taskID"]
            let name: String = row["name"]
            if let position = index[taskID] {
                groups[position].1.append(name)
            } else {
                index[taskID] = groups.count
                groups.append((try TaskID(taskID), [name]))
            }
        }
        return groups
    }
}
