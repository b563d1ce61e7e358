import FloeCore
import FloeEngine

/// `GetEventCallback` (spec §6.1): no parameters → `{RequestId, CallbackType, CallbackURL, CallbackQueueName,
/// EventTypeList, AuthSwitch, AuthKey}`, every member a string; empty (and `AuthSwitch` `off`) when the account
/// has no setting.
public struct GetEventCallbackAction: RPCAction {
    /// The action name.
    public static let name = "GetEventCallback"

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let setting = try await store.eventCallback(of: caller.accountID)
        var url = "", queue = ""
        switch setting?.target {
        case .url(let value)?: url = value
        case .queue(let value)?: queue = value
        case nil: break
        }
        return [
            "CallbackType": .string(setting?.callbackType.rawValue ?? ""),
            "CallbackURL": .string(url),
            "CallbackQueueName": .string(queue),
            "EventTypeList": .string(setting.map { $0.eventTypes.map(\.rawValue).sorted().joined(separator: ",") } ?? ""),
            "AuthSwitch": .string(setting?.authKey == nil ? "off" : "on"),
            "AuthKey": .string(setting?.authKey ?? ""),
        ]
    }
}
