import FloeCore
import FloeEngine

/// `ListCallbackEvents`, Floe's own: the account's HTTP callback events in one `State` (`Dead` by default;
/// `Pending`, `Delivered`), oldest first; `MaxResults` (1–100, default 10), `NextToken` → `{RequestId, Events:
/// [{EventId, EventType, Subject, URL, State, Attempts, CreateTime, NextAttemptTime, LastError, DeliveredTime}],
/// NextToken}`.
public struct ListCallbackEventsAction: RPCAction {
    /// The action name.
    public static let name = "ListCallbackEvents"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let state: CallbackEvent.State
        if let text = parameters.string("State") {
            guard let parsed = CallbackEvent.State(rawValue: text) else {
                throw APIError.invalidParameter("State", "'\(ActionParameters.excerpt(text))' is not Pending, Delivered or Dead.")
            }
            state = parsed
        } else {
            state = .dead
        }
        let page: Page<CallbackEvent>
        do {
            page = try await store.events(accountID: caller.accountID, state: state,
                                          page: PageRequest(limit: try parameters.int("MaxResults", in: 1...100) ?? 10,
                                                            token: parameters.string("NextToken")))
        } catch let error as FloeError where error.code == .invalidParameter {
            throw APIError.invalidParameter("NextToken", error.message + ".")
        }
        var members: [String: JSONValue] = ["Events": .array(page.items.map(Self.view))]
        if let next = page.nextToken { members["NextToken"] = .string(next) }
        return members
    }

    static func view(_ event: CallbackEvent) -> JSONValue {
        var members: [String: JSONValue] = [
            "EventId": .string(event.id.rawValue),
            "EventType": .string(event.type.rawValue),
            "Subject": .string(event.subject),
            "URL": .string(event.url),
            "State": .string(event.state.rawValue),
            "Attempts": .number(Double(event.attempts)),
            "CreateTime": .string(WireTime.string(event.createTime)),
        ]
        if event.state == .pending { members["NextAttemptTime"] = .string(WireTime.string(event.nextAttemptTime)) }
        if let error = event.lastError { members["LastError"] = .string(error) }
        if let delivered = event.deliveredTime { members["DeliveredTime"] = .string(WireTime.string(delivered)) }
        return .object(members)
    }
}

/// `ReplayCallbackEvent`, Floe's own: `EventId` of a dead event of the account → `{RequestId, EventId}`; it is
/// pending again, due now, its attempts counted anew. An unknown event, another account's, or one that is
/// not dead is `EntityNotExist.CallbackEvent` (404).
public struct ReplayCallbackEventAction: RPCAction {
    /// The action name.
    public static let name = "ReplayCallbackEvent"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let text = try parameters.required("EventId")
        guard let id = try? EventID(text), try await store.replayEvent(id, accountID: caller.accountID, now: caller.now) else {
            throw APIError.callbackEventNotFound(text)
        }
        return ["EventId": .string(id.rawValue)]
    }
}

/// The callback actions of the endpoint.
public enum CallbackActions {
    /// `SetEventCallback` and `GetEventCallback` (IMS's), and Floe's own `ReceiveMessage`, `DeleteMessage`,
    /// `ChangeMessageVisibility`, `ListCallbackEvents` and `ReplayCallbackEvent`.
    public static func all(store: any WorkflowStore) -> [any RPCAction] {
        [
            SetEventCallbackAction(store: store),
            GetEventCallbackAction(store: store),
            ReceiveMessageAction(store: store),
            DeleteMessageAction(store: store),
            ChangeMessageVisibilityAction(store: store),
            ListCallbackEventsAction(store: store),
            ReplayCallbackEventAction(store: store),
        ]
    }
}
