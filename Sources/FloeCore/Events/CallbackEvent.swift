import Foundation

/// An event waiting for, or done with, delivery to an HTTP(S) URL: the outbox row written in the transaction
/// that ended its task. A dispatcher claims it, POSTs ``body``, and records the outcome; a failed attempt is
/// tried again later, until it is delivered or too old (then it is dead, and can be replayed).
public struct CallbackEvent: Hashable, Sendable {
    /// Where an event is in its life.
    public enum State: String, Hashable, Sendable, CaseIterable, Codable {
        /// Not delivered yet; tried again at ``CallbackEvent/nextAttemptTime``.
        case pending = "Pending"
        /// A 2xx answer was received.
        case delivered = "Delivered"
        /// Given up on after the maximum age; ``WorkflowStore/replayEvent(_:accountID:now:)`` makes it pending again.
        case dead = "Dead"
    }

    public var id: EventID
    public var accountID: AccountID
    public var type: EventType
    /// What the event is about: a TaskId or a MediaId.
    public var subject: String
    /// The URL that gets the POST.
    public var url: String
    /// When set, the POST carries `X-ICE-TIMESTAMP` and `X-ICE-SIGNATURE` made with it.
    public var authKey: String?
    /// The JSON envelope `{EventType, UserId, EventTime, MessageBody}`, sent as is on every attempt.
    public var body: String
    public var createTime: Date
    public var state: State
    /// Attempts made so far.
    public var attempts: Int
    /// When the next attempt may start (pending events).
    public var nextAttemptTime: Date
    /// Why the last attempt failed.
    public var lastError: String?
    /// When it was delivered.
    public var deliveredTime: Date?

    public init(id: EventID = .generate(), accountID: AccountID, type: EventType, subject: String, url: String,
                authKey: String? = nil, body: String, createTime: Date, state: State = .pending, attempts: Int = 0,
                nextAttemptTime: Date? = nil, lastError: String? = nil, deliveredTime: Date? = nil) {
        self.id = id
        self.accountID = accountID
        self.type = type
        self.subject = subject
        self.url = url
        self.authKey = authKey
        self.body = body
        self.createTime = createTime
        self.state = state
        self.attempts = attempts
        self.nextAttemptTime = nextAttemptTime ?? createTime
        self.lastError = lastError
        self.deliveredTime = deliveredTime
    }
}

/// How one delivery attempt of a ``CallbackEvent`` ended.
public enum DeliveryOutcome: Hashable, Sendable {
    /// A 2xx answer.
    case delivered
    /// A failure; try again at `retryAt`.
    case retry(at: Date, error: String)
    /// A failure, and the event is past its maximum age: it is dead.
    case dead(error: String)
}
