import FloeCore
import FloeEngine
import Foundation

/// `ReceiveMessage`, Floe's own (in IMS, queues are MNS's): `QueueName`, `MaxMessages` (1–16, default 1),
/// `VisibilityTimeout` (seconds, 1–43200, default 30), `WaitSeconds` (0–30, default 0: a long poll that
/// answers as soon as a message is visible) → `{RequestId, Messages: [{MessageId, ReceiptHandle, MessageBody,
/// EnqueueTime, DequeueCount, NextVisibleTime}]}`. A received message is hidden from other receivers until
/// its visibility timeout passes, then comes back unless deleted. Queues are per account.
public struct ReceiveMessageAction: RPCAction {
    /// The action name.
    public static let name = "ReceiveMessage"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let queue = try QueueParameters.queue(parameters)
        let limit = try parameters.int("MaxMessages", in: 1...16) ?? 1
        let visibility = try parameters.int("VisibilityTimeout", in: 1...43_200) ?? 30
        let wait = try parameters.int("WaitSeconds", in: 0...30) ?? 0
        let start = ContinuousClock.now
        let deadline = start + .seconds(wait)
        var messages: [QueueMessage] = []
        while true {
            // The request's time, moved on by the time this long poll has waited.
            let now = caller.now.addingTimeInterval((ContinuousClock.now - start).seconds)
            let mark = store.workMark()  // before looking: a message sent meanwhile wakes the wait below
            messages = try await store.receiveMessages(queue: queue, accountID: caller.accountID, limit: limit,
                                                       visibilityTimeout: .seconds(visibility), now: now)
            let remaining = deadline - ContinuousClock.now
            guard messages.isEmpty, remaining > .zero, !Task.isCancelled else { break }
            await store.waitForWork(after: mark, timeout: min(remaining, .seconds(1)))
        }
        return ["Messages": .array(messages.map { message in
            .object([
                "MessageId": .string(message.id.rawValue),
                "ReceiptHandle": .string(message.receiptHandle),
                "MessageBody": .string(message.body),
                "EnqueueTime": .string(WireTime.string(message.enqueueTime)),
                "DequeueCount": .number(Double(message.receiveCount)),
                "NextVisibleTime": .string(WireTime.string(message.nextVisibleTime)),
            ])
        })]
    }
}

/// `DeleteMessage`, Floe's own: `QueueName`, `ReceiptHandle` → `{RequestId}`. A handle that is not the
/// message's latest receipt (it was received again since), or names nothing, is `MessageNotExist` (404).
public struct DeleteMessageAction: RPCAction {
    /// The action name.
    public static let name = "DeleteMessage"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let queue = try QueueParameters.queue(parameters)
        let handle = try parameters.required("ReceiptHandle")
        guard try await store.deleteMessage(queue: queue, accountID: caller.accountID, receiptHandle: handle) else {
            throw APIError.messageNotFound(handle)
        }
        return [:]
    }
}

/// `ChangeMessageVisibility`, Floe's own: `QueueName`, `ReceiptHandle`, `VisibilityTimeout` (seconds,
/// 0–43200; 0 makes the message visible at once) → `{RequestId, ReceiptHandle, NextVisibleTime}`. Errors as
/// DeleteMessage.
public struct ChangeMessageVisibilityAction: RPCAction {
    /// The action name.
    public static let name = "ChangeMessageVisibility"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let queue = try QueueParameters.queue(parameters)
        let handle = try parameters.required("ReceiptHandle")
        guard let timeout = try parameters.int("VisibilityTimeout", in: 0...43_200) else { throw APIError.missingParameter("VisibilityTimeout") }
        guard let visible = try await store.changeMessageVisibility(queue: queue, accountID: caller.accountID, receiptHandle: handle,
                                                                    visibilityTimeout: .seconds(timeout), now: caller.now) else {
            throw APIError.messageNotFound(handle)
        }
        return ["ReceiptHandle": .string(handle), "NextVisibleTime": .string(WireTime.string(visible))]
    }
}

/// The `QueueName` parameter, validated.
enum QueueParameters {
    static func queue(_ parameters: ActionParameters) throws(APIError) -> String {
        let name = try parameters.required("QueueName")
        do {
            return try NotifyTarget(queue: name).address
        } catch {
            throw .invalidParameter("QueueName", error.message + ".")
        }
    }
}
