import FloeCore
import FloeEngine
import Foundation
import GRDB

extension SQLiteWorkflowStore {
    // MARK: Settings

    public func setEventCallback(_ callback: EventCallback?, accountID: AccountID) async throws {
        try await write { db in
            guard try Self.accountExists(accountID, in: db) else { throw FloeError.notFound("account \(accountID) does not exist") }
            guard let callback else {
                try db.cachedStatement(sql: "DELETE FROM eventCallback WHERE accountID = ?").execute(arguments: [accountID.rawValue])
                return
            }
            try db.cachedStatement(sql: """
                INSERT INTO eventCallback (accountID, callbackType, target, eventTypes, authKey) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (accountID) DO UPDATE SET callbackType = excluded.callbackType, target = excluded.target,
                    eventTypes = excluded.eventTypes, authKey = excluded.authKey
                """).execute(arguments: [accountID.rawValue, callback.callbackType.rawValue, callback.target.address,
                                 callback.eventTypes.map(\.rawValue).sorted().joined(separator: ","), callback.authKey])
        }
    }

    public func eventCallback(of accountID: AccountID) async throws -> EventCallback? {
        try await read { db in try Self.eventCallback(of: accountID, in: db) }
    }

    static func eventCallback(of accountID: AccountID, in db: Database) throws -> EventCallback? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM eventCallback WHERE accountID = ?"),
                                         arguments: [accountID.rawValue]) else { return nil }
        guard let type = EventCallback.CallbackType(rawValue: row["callbackType"]) else {
            throw SQLiteValue.corrupt("eventCallback.callbackType", "account \(accountID)")
        }
        let types = (row["eventTypes"] as String).split(separator: ",").compactMap { EventType(rawValue: String($0)) }
        let target: String = row["target"]
        return try EventCallback(callbackType: type, target: type == .http ? NotifyTarget(url: target) : NotifyTarget(queue: target),
                                 eventTypes: Set(types), authKey: row["authKey"])
    }

    // MARK: Writing events

    /// Writes the `WorkflowTaskComplete` event of the task `machine` just ended.
    static func writeCompletionEvent(of machine: TaskStateMachine, in db: Database) throws {
        let task = machine.task
        try writeEvent(.workflowTaskComplete, subject: task.id.rawValue, accountID: task.accountID, userData: task.userData,
                       time: task.finishTime ?? Date(), in: db) {
            EventEnvelope.workflowTaskComplete(task, runs: machine.runs.values.sorted { $0.name < $1.name })
        }
    }

    /// Writes an event where ``EventRoute`` sends it (the `NotifyAddress` of `userData`, else the account's
    /// setting): a ``CallbackEvent`` for a URL, a ``QueueMessage`` for a queue; nothing when it goes nowhere, in
    /// which case `body` is not built.
    static func writeEvent(_ type: EventType, subject: String, accountID: AccountID, userData: String?, time: Date,
                           in db: Database, body: () -> String) throws {
        let setting = try eventCallback(of: accountID, in: db)
        guard let route = EventRoute.of(type, userData: userData, setting: setting) else { return }
        switch route.target {
        case .url(let url):
            try insert(CallbackEvent(accountID: accountID, type: type, subject: subject, url: url, authKey: route.authKey,
                                     body: body(), createTime: time), in: db)
        case .queue(let queue):
            try enqueue(.generate(), body: body(), queue: queue, accountID: accountID, now: time, in: db)
        }
    }

    static func insert(_ event: CallbackEvent, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO callbackEvent (id, accountID, type, subject, url, authKey, body, createTime, state, attempts,
                nextAttemptTime, lastError, deliveredTime)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [event.id.rawValue, event.accountID.rawValue, event.type.rawValue, event.subject, event.url,
                             event.authKey, event.body, SQLiteValue.time(event.createTime), event.state.rawValue, event.attempts,
                             SQLiteValue.time(event.nextAttemptTime), event.lastError, event.deliveredTime.map(SQLiteValue.time)])
    }

    // MARK: Delivery

    public func claimEvents(owner: String, limit: Int, leaseDuration: Duration, now: Date) async throws -> [CallbackEvent] {
        let due = SQLiteValue.time(now)
        let expires = SQLiteValue.time(now.addingTimeInterval(leaseDuration.timeInterval))
        return try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM callbackEvent
                WHERE state = 'Pending' AND nextAttemptTime <= ? AND (leaseExpiresAt IS NULL OR leaseExpiresAt <= ?)
                ORDER BY nextAttemptTime, createTime LIMIT ?
                """), arguments: [due, due, max(1, limit)])
            for row in rows {
                try db.cachedStatement(sql: "UPDATE callbackEvent SET leaseOwner = ?, leaseExpiresAt = ? WHERE id = ?")
                    .execute(arguments: [owner, expires, row["id"] as String])
            }
            return try rows.map(Self.event(_:))
        }
    }

    @discardableResult
    public func finishDelivery(_ id: EventID, owner: String, outcome: DeliveryOutcome, now: Date) async throws -> Bool {
        try await write { db in
            let held = try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM callbackEvent WHERE id = ? AND leaseOwner = ? AND state = 'Pending')
                """), arguments: [id.rawValue, owner]) ?? false
            guard held else { return false }
            let (state, next, error, delivered): (CallbackEvent.State, Date?, String?, Date?) = switch outcome {
            case .delivered: (.delivered, nil, nil, now)
            case .retry(let at, let error): (.pending, at, error, nil)
            case .dead(let error): (.dead, nil, error, nil)
            }
            try db.cachedStatement(sql: """
                UPDATE callbackEvent SET state = ?, attempts = attempts + 1, nextAttemptTime = COALESCE(?, nextAttemptTime),
                    lastError = COALESCE(?, lastError), deliveredTime = ?, leaseOwner = NULL, leaseExpiresAt = NULL
                WHERE id = ?
                """).execute(arguments: [state.rawValue, next.map(SQLiteValue.time), error, delivered.map(SQLiteValue.time), id.rawValue])
            return true
        }
    }

    public func pruneDeliveredEvents(deliveredBefore: Date, limit: Int) async throws -> Int {
        try await write { db in
            try db.cachedStatement(sql: """
                DELETE FROM callbackEvent WHERE id IN (
                    SELECT id FROM callbackEvent WHERE state = 'Delivered' AND deliveredTime < ? LIMIT ?)
                """).execute(arguments: [SQLiteValue.time(deliveredBefore), max(0, limit)])
            return db.changesCount
        }
    }

    public func events(accountID: AccountID, state: CallbackEvent.State, page: PageRequest) async throws -> Page<CallbackEvent> {
        let after = try page.token.map { token throws(FloeError) in try PageToken.decodeEvent(token) }
        return try await read { db in
            var sql = "SELECT * FROM callbackEvent WHERE accountID = ? AND state = ?"
            var arguments: StatementArguments = [accountID.rawValue, state.rawValue]
            if let after {
                sql += " AND (createTime, id) > (?, ?)"
                arguments += [after.createTime, after.id.rawValue]
            }
            sql += " ORDER BY createTime, id LIMIT ?"
            arguments += [page.limit + 1]
            let events = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Self.event(_:))
            let items = Array(events.prefix(page.limit))
            let next = events.count > page.limit
                ? items.last.map { PageToken.encode(eventCreateTime: SQLiteValue.time($0.createTime), id: $0.id) } : nil
            return Page(items: items, nextToken: next)
        }
    }

    public func event(_ id: EventID) async throws -> CallbackEvent? {
        try await read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM callbackEvent WHERE id = ?"), arguments: [id.rawValue])
                .map(Self.event(_:))
        }
    }

    public func replayEvent(_ id: EventID, accountID: AccountID, now: Date) async throws -> Bool {
        try await write { db in
            try db.cachedStatement(sql: """
                UPDATE callbackEvent SET state = 'Pending', attempts = 0, nextAttemptTime = ?, leaseOwner = NULL, leaseExpiresAt = NULL
                WHERE id = ? AND accountID = ? AND state = 'Dead'
                """).execute(arguments: [SQLiteValue.time(now), id.rawValue, accountID.rawValue])
            return db.changesCount > 0
        }
    }

    static func event(_ row: Row) throws -> CallbackEvent {
        let id: String = row["id"]
        guard let type = EventType(rawValue: row["type"]), let state = CallbackEvent.State(rawValue: row["state"]) else {
            throw SQLiteValue.corrupt("callbackEvent.type or state", "event \(id)")
        }
        return CallbackEvent(
            id: try EventID(id), accountID: try SQLiteValue.account(row["accountID"], column: "callbackEvent.accountID"),
            type: type, subject: row["subject"], url: row["url"], authKey: row["authKey"], body: row["body"],
            createTime: SQLiteValue.date(row["createTime"]), state: state, attempts: row["attempts"],
            nextAttemptTime: SQLiteValue.date(row["nextAttemptTime"]), lastError: row["lastError"],
            deliveredTime: (row["deliveredTime"] as Int64?).map(SQLiteValue.date))
    }

    // MARK: Queues

    public func enqueue(_ id: EventID, body: String, queue: String, accountID: AccountID, now: Date) async throws {
        try await write { db in try Self.enqueue(id, body: body, queue: queue, accountID: accountID, now: now, in: db) }
    }

    static func enqueue(_ id: EventID, body: String, queue: String, accountID: AccountID, now: Date, in db: Database) throws {
        _ = try NotifyTarget(queue: queue)
        try db.cachedStatement(sql: """
            INSERT INTO queueMessage (accountID, queue, id, body, enqueueTime, receiveCount, receiptHandle, visibleTime)
            VALUES (?, ?, ?, ?, ?, 0, NULL, ?) ON CONFLICT DO NOTHING
            """).execute(arguments: [accountID.rawValue, queue, id.rawValue, body, SQLiteValue.time(now), SQLiteValue.time(now)])
    }

    public func receiveMessages(queue: String, accountID: AccountID, limit: Int, visibilityTimeout: Duration,
                                now: Date) async throws -> [QueueMessage] {
        let visible = SQLiteValue.time(now)
        let hidden = now.addingTimeInterval(visibilityTimeout.timeInterval)
        return try await write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT * FROM queueMessage WHERE accountID = ? AND queue = ? AND visibleTime <= ?
                ORDER BY enqueueTime, id LIMIT ?
                """), arguments: [accountID.rawValue, queue, visible, max(1, limit)])
            return try rows.map { row in
                let handle = EventID.generate().rawValue
                let count = (row["receiveCount"] as Int) + 1
                try db.cachedStatement(sql: """
                    UPDATE queueMessage SET receiveCount = ?, receiptHandle = ?, visibleTime = ?
                    WHERE accountID = ? AND queue = ? AND id = ?
                    """).execute(arguments: [count, handle, SQLiteValue.time(hidden), accountID.rawValue, queue, row["id"] as String])
                return QueueMessage(id: try EventID(row["id"]), queue: queue, body: row["body"],
                                    enqueueTime: SQLiteValue.date(row["enqueueTime"]), receiveCount: count, receiptHandle: handle,
                                    nextVisibleTime: hidden)
            }
        }
    }

    public func deleteMessage(queue: String, accountID: AccountID, receiptHandle: String) async throws -> Bool {
        try await write { db in
            try db.cachedStatement(sql: "DELETE FROM queueMessage WHERE accountID = ? AND queue = ? AND receiptHandle = ?")
                .execute(arguments: [accountID.rawValue, queue, receiptHandle])
            return db.changesCount > 0
        }
    }

    public func changeMessageVisibility(queue: String, accountID: AccountID, receiptHandle: String, visibilityTimeout: Duration,
                                        now: Date) async throws -> Date? {
        let visible = now.addingTimeInterval(visibilityTimeout.timeInterval)
        return try await write { db in
            try db.cachedStatement(sql: "UPDATE queueMessage SET visibleTime = ? WHERE accountID = ? AND queue = ? AND receiptHandle = ?")
                .execute(arguments: [SQLiteValue.time(visible), accountID.rawValue, queue, receiptHandle])
            return db.changesCount > 0 ? visible : nil
        }
    }
}
