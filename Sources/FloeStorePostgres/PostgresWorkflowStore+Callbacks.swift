import FloeCore
import FloeEngine
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    // MARK: Settings

    public func setEventCallback(_ callback: EventCallback?, accountID: AccountID) async throws {
        try await write { session in
            guard try await Self.accountExists(accountID, in: session) else {
                throw FloeError.notFound("account \(accountID) does not exist")
            }
            guard let callback else {
                try await session.execute("DELETE FROM event_callback WHERE account_id = \(accountID.rawValue)")
                return
            }
            let types = callback.eventTypes.map(\.rawValue).sorted().joined(separator: ",")
            try await session.execute("""
                INSERT INTO event_callback (account_id, callback_type, target, event_types, auth_key)
                VALUES (\(accountID.rawValue), \(callback.callbackType.rawValue), \(callback.target.address), \(types),
                        \(callback.authKey))
                ON CONFLICT (account_id) DO UPDATE SET callback_type = excluded.callback_type, target = excluded.target,
                    event_types = excluded.event_types, auth_key = excluded.auth_key
                """)
        }
    }

    public func eventCallback(of accountID: AccountID) async throws -> EventCallback? {
        try await read { session in try await Self.eventCallback(of: accountID, in: session) }
    }

    static func eventCallback(of accountID: AccountID, in session: PostgresSession) async throws -> EventCallback? {
        guard let row = try await session.rows("""
            SELECT callback_type, target, event_types, auth_key FROM event_callback WHERE account_id = \(accountID.rawValue)
            """).first else { return nil }
        let (typeText, target, typesText, authKey) = try row.decode((String, String, String, String?).self)
        guard let type = EventCallback.CallbackType(rawValue: typeText) else {
            throw StoreValue.corrupt("event_callback.callback_type", "account \(accountID)")
        }
        let types = typesText.split(separator: ",").compactMap { EventType(rawValue: String($0)) }
        return try EventCallback(callbackType: type, target: type == .http ? NotifyTarget(url: target) : NotifyTarget(queue: target),
                                 eventTypes: Set(types), authKey: authKey)
    }

    // MARK: Writing events

    /// Writes the `WorkflowTaskComplete` event of the task `machine` just ended.
    static func writeCompletionEvent(of machine: TaskStateMachine, in session: PostgresSession) async throws {
        let task = machine.task
        try await writeEvent(.workflowTaskComplete, subject: task.id.rawValue, accountID: task.accountID,
                             userData: task.userData, time: task.finishTime ?? Date(), in: session) {
            EventEnvelope.workflowTaskComplete(task, runs: machine.runs.values.sorted { $0.name < $1.name })
        }
    }

    /// Writes an event where ``EventRoute`` sends it (the `NotifyAddress` of `userData`, else the account's
    /// setting): a ``CallbackEvent`` for a URL, a ``QueueMessage`` for a queue; nothing when it goes nowhere, in
    /// which case `body` is not built.
    static func writeEvent(_ type: EventType, subject: String, accountID: AccountID, userData: String?, time: Date,
                           in session: PostgresSession, body: () -> String) async throws {
        let setting = try await eventCallback(of: accountID, in: session)
        guard let route = EventRoute.of(type, userData: userData, setting: setting) else { return }
        switch route.target {
        case .url(let url):
            try await insert(CallbackEvent(accountID: accountID, type: type, subject: subject, url: url, authKey: route.authKey,
                                           body: body(), createTime: time), in: session)
        case .queue(let queue):
            try await enqueue(.generate(), body: body(), queue: queue, accountID: accountID, now: time, in: session)
        }
    }

    static func insert(_ event: CallbackEvent, in session: PostgresSession) async throws {
        try await session.execute("""
            INSERT INTO callback_event (id, account_id, type, subject, url, auth_key, body, create_time, state, attempts,
                next_attempt_time, last_error, delivered_time)
            VALUES (\(event.id.rawValue), \(event.accountID.rawValue), \(event.type.rawValue), \(event.subject), \(event.url),
                \(event.authKey), \(event.body), \(StoreValue.time(event.createTime)), \(event.state.rawValue), \(event.attempts),
                \(StoreValue.time(event.nextAttemptTime)), \(event.lastError), \(event.deliveredTime.map(StoreValue.time)))
            """)
    }

    // MARK: Delivery

    public func claimEvents(owner: String, limit: Int, leaseDuration: Duration, now: Date) async throws -> [CallbackEvent] {
        let due = StoreValue.time(now)
        let expires = StoreValue.time(now.addingTimeInterval(leaseDuration.timeInterval))
        return try await write { session in
            // Rows another claimer is taking are skipped, not waited for; the update hands the rest to `owner`.
            try await session.rows("""
                UPDATE callback_event SET lease_owner = \(owner), lease_expires_at = \(expires)
                WHERE id IN (
                    SELECT id FROM callback_event
                    WHERE state = 'Pending' AND next_attempt_time <= \(due) AND (lease_expires_at IS NULL OR lease_expires_at <= \(due))
                    ORDER BY next_attempt_time, create_time LIMIT \(max(1, limit))
                    FOR UPDATE SKIP LOCKED)
                RETURNING *
                """).map(Self.event(_:)).sorted { ($0.nextAttemptTime, $0.createTime) < ($1.nextAttemptTime, $1.createTime) }
        }
    }

    @discardableResult
    public func finishDelivery(_ id: EventID, owner: String, outcome: DeliveryOutcome, now: Date) async throws -> Bool {
        let (state, next, error, delivered): (CallbackEvent.State, Date?, String?, Date?) = switch outcome {
        case .delivered: (.delivered, nil, nil, now)
        case .retry(let at, let error): (.pending, at, error, nil)
        case .dead(let error): (.dead, nil, error, nil)
        }
        return try await write { session in
            try await session.count("""
                UPDATE callback_event SET state = \(state.rawValue), attempts = attempts + 1,
                    next_attempt_time = COALESCE(\(next.map(StoreValue.time)), next_attempt_time),
                    last_error = COALESCE(\(error), last_error), delivered_time = \(delivered.map(StoreValue.time)),
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id.rawValue) AND lease_owner = \(owner) AND state = 'Pending'
                RETURNING 1
                """) > 0
        }
    }

    public func pruneDeliveredEvents(deliveredBefore: Date, limit: Int) async throws -> Int {
        try await write { session in
            try await session.count("""
                DELETE FROM callback_event WHERE id IN (
                    SELECT id FROM callback_event WHERE state = 'Delivered' AND delivered_time < \(StoreValue.time(deliveredBefore))
                    LIMIT \(max(0, limit)) FOR UPDATE SKIP LOCKED)
                RETURNING 1
                """)
        }
    }

    public func events(accountID: AccountID, state: CallbackEvent.State, page: PageRequest) async throws -> Page<CallbackEvent> {
        let after = try page.token.map { token throws(FloeError) in try PageToken.decodeEvent(token) }
        var filter = SQLFilter()
        filter.add("account_id", equals: accountID.rawValue)
        filter.add("state", equals: state.rawValue)
        if let after {
            filter.add("(create_time, id) > (\(filter.bind(after.createTime)), \(filter.bind(after.id.rawValue)))")
        }
        let limitValue = filter.bind(page.limit + 1)
        let sql = filter.query("SELECT * FROM callback_event", " ORDER BY create_time, id LIMIT \(limitValue)")
        return try await read { session in
            let rows = try await session.rows(sql)
            let items = try rows.prefix(page.limit).map(Self.event(_:))
            let next = rows.count > page.limit
                ? PageToken.encode(eventCreateTime: try rows[page.limit - 1].makeRandomAccess().get("create_time"),
                                   id: items[page.limit - 1].id)
                : nil
            return Page(items: items, nextToken: next)
        }
    }

    public func event(_ id: EventID) async throws -> CallbackEvent? {
        try await read { session in
            try await session.rows("SELECT * FROM callback_event WHERE id = \(id.rawValue)").first.map(Self.event(_:))
        }
    }

    public func replayEvent(_ id: EventID, accountID: AccountID, now: Date) async throws -> Bool {
        try await write { session in
            try await session.count("""
                UPDATE callback_event SET state = 'Pending', attempts = 0, next_attempt_time = \(StoreValue.time(now)),
                    lease_owner = NULL, lease_expires_at = NULL
                WHERE id = \(id.rawValue) AND account_id = \(accountID.rawValue) AND state = 'Dead'
                RETURNING 1
                """) > 0
        }
    }

    static func event(_ row: PostgresRow) throws -> CallbackEvent {
        let row = row.makeRandomAccess()
        let id: String = try row.get("id")
        guard let type = EventType(rawValue: try row.get("type")),
              let state = CallbackEvent.State(rawValue: try row.get("state")) else {
            throw StoreValue.corrupt("callback_event.type or state", "event \(id)")
        }
        return CallbackEvent(
            id: try EventID(id), accountID: try row.account("account_id", table: "callback_event"),
            type: type, subject: try row.get("subject"), url: try row.get("url"), authKey: try row.get("auth_key"),
            body: try row.get("body"), createTime: try row.date("create_time"), state: state,
            attempts: try row.get("attempts", as: Int.self), nextAttemptTime: try row.date("next_attempt_time"),
            lastError: try row.get("last_error"), deliveredTime: try row.optionalDate("delivered_time"))
    }

    // MARK: Queues

    public func enqueue(_ id: EventID, body: String, queue: String, accountID: AccountID, now: Date) async throws {
        try await write { session in
            try await Self.enqueue(id, body: body, queue: queue, accountID: accountID, now: now, in: session)
        }
    }

    static func enqueue(_ id: EventID, body: String, queue: String, accountID: AccountID, now: Date,
                        in session: PostgresSession) async throws {
        _ = try NotifyTarget(queue: queue)
        try await session.execute("""
            INSERT INTO queue_message (account_id, queue, id, body, enqueue_time, receive_count, receipt_handle, visible_time)
            VALUES (\(accountID.rawValue), \(queue), \(id.rawValue), \(body), \(StoreValue.time(now)), 0, NULL,
                    \(StoreValue.time(now)))
            ON CONFLICT DO NOTHING
            """)
    }

    public func receiveMessages(queue: String, accountID: AccountID, limit: Int, visibilityTimeout: Duration,
                                now: Date) async throws -> [QueueMessage] {
        let visible = StoreValue.time(now)
        let hidden = now.addingTimeInterval(visibilityTimeout.timeInterval)
        return try await write { session in
            let rows = try await session.rows("""
                SELECT id, body, enqueue_time, receive_count FROM queue_message
                WHERE account_id = \(accountID.rawValue) AND queue = \(queue) AND visible_time <= \(visible)
                ORDER BY enqueue_time, id LIMIT \(max(1, limit))
                FOR UPDATE SKIP LOCKED
                """)
            var messages: [QueueMessage] = []
            for row in rows {
                let (id, body, enqueueTime, receiveCount) = try row.decode((String, String, Int64, Int).self)
                let handle = EventID.generate().rawValue
                let count = receiveCount + 1
                try await session.execute("""
                    UPDATE queue_message SET receive_count = \(count), receipt_handle = \(handle),
                        visible_time = \(StoreValue.time(hidden))
                    WHERE account_id = \(accountID.rawValue) AND queue = \(queue) AND id = \(id)
                    """)
                messages.append(QueueMessage(id: try EventID(id), queue: queue, body: body, enqueueTime: StoreValue.date(enqueueTime),
                                             receiveCount: count, receiptHandle: handle, nextVisibleTime: hidden))
            }
            return messages
        }
    }

    public func deleteMessage(queue: String, accountID: AccountID, receiptHandle: String) async throws -> Bool {
        try await write { session in
            try await session.count("""
                DELETE FROM queue_message
                WHERE account_id = \(accountID.rawValue) AND queue = \(queue) AND receipt_handle = \(receiptHandle)
                RETURNING 1
                """) > 0
        }
    }

    public func changeMessageVisibility(queue: String, accountID: AccountID, receiptHandle: String, visibilityTimeout: Duration,
                                        now: Date) async throws -> Date? {
        let visible = now.addingTimeInterval(visibilityTimeout.timeInterval)
        return try await write { session in
            try await session.count("""
                UPDATE queue_message SET visible_time = \(StoreValue.time(visible))
                WHERE account_id = \(accountID.rawValue) AND queue = \(queue) AND receipt_handle = \(receiptHandle)
                RETURNING 1
                """) > 0 ? visible : nil
        }
    }
}
