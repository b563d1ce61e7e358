import FloeCore
import FloeEngine

/// `SetEventCallback` (spec §6.1): the account's callback setting. Parameters, each optional, change what
/// they name and keep the rest: `CallbackType` (`HTTP` or `MNS`; HTTP at first), `CallbackURL`,
/// `CallbackQueueName` (`ice-callback-…`), `EventTypeList` (comma-separated; empty: every type), `AuthSwitch`
/// (`on` or `off`, HTTP only) and `AuthKey` (at most 32 characters mixing upper case, lower case and digits;
/// required with `AuthSwitch=on`). → `{RequestId, Success: true}`. A setting that does not hold together is
/// `InvalidParameter`, and nothing changes.
public struct SetEventCallbackAction: RPCAction {
    /// The action name.
    public static let name = "SetEventCallback"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let current = try await store.eventCallback(of: caller.accountID)
        let type: EventCallback.CallbackType
        if let text = parameters.string("CallbackType") {
            guard let parsed = EventCallback.CallbackType(rawValue: text.uppercased()) else {
                throw APIError.invalidParameter("CallbackType", "'\(ActionParameters.excerpt(text))' is not HTTP or MNS.")
            }
            type = parsed
        } else {
            type = current?.callbackType ?? .http
        }
        let target: NotifyTarget
        do {
            switch type {
            case .http:
                guard let url = parameters.string("CallbackURL") ?? current.flatMap({ $0.target.isURL ? $0.target.address : nil }) else {
                    throw APIError.missingParameter("CallbackURL")
                }
                target = try NotifyTarget(url: url)
            case .mns:
                guard let queue = parameters.string("CallbackQueueName") ?? current.flatMap({ $0.target.isURL ? nil : $0.target.address }) else {
                    throw APIError.missingParameter("CallbackQueueName")
                }
                target = try NotifyTarget(queue: queue)
            }
        } catch let error as FloeError {
            throw APIError.invalidParameter(type == .http ? "CallbackURL" : "CallbackQueueName", error.message + ".")
        }
        var eventTypes = current?.eventTypes ?? []
        if let list = parameters.string("EventTypeList") {
            eventTypes = []
            for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !name.isEmpty {
                guard let eventType = EventType(rawValue: name) else {
                    throw APIError.invalidParameter("EventTypeList", "'\(ActionParameters.excerpt(name))' is not an event type Floe sends; it sends \(EventType.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                eventTypes.insert(eventType)
            }
        }
        var authKey = type == .http ? current?.authKey : nil
        if let given = parameters.string("AuthKey") { authKey = given }
        switch parameters.string("AuthSwitch")?.lowercased() {
        case nil: break
        case "on":
            guard authKey != nil else { throw APIError.missingParameter("AuthKey") }
        case "off": authKey = nil
        case let other?: throw APIError.invalidParameter("AuthSwitch", "'\(ActionParameters.excerpt(other))' is not on or off.")
        }
        do {
            let setting = try EventCallback(callbackType: type, target: target, eventTypes: eventTypes, authKey: authKey)
            try await store.setEventCallback(setting, accountID: caller.accountID)
        } catch let error as FloeError where error.code == .invalidParameter {
            throw APIError.invalidParameter(error.message.hasPrefix("AuthKey") ? "AuthKey" : "CallbackQueueName", error.message + ".")
        }
        return ["Success": .bool(true)]
    }
}
