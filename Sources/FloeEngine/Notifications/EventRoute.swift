import FloeCore
import Foundation

/// Where an event goes, decided when it is made: the task's own `UserData.NotifyAddress` when it names one,
/// else the account's callback setting when that sends the event's type; nowhere otherwise. An HTTP event is
/// signed when the account's setting has an AuthKey, whichever URL it goes to.
public struct EventRoute: Hashable, Sendable {
    public var target: NotifyTarget
    public var authKey: String?

    public init(target: NotifyTarget, authKey: String? = nil) {
        self.target = target
        self.authKey = authKey
    }

    /// The route of an event of `type` for a task with `userData`, under the account's `setting`.
    public static func of(_ type: EventType, userData: String?, setting: EventCallback?) -> EventRoute? {
        let authKey = setting?.callbackType == .http ? setting?.authKey : nil
        if let address = notifyAddress(in: userData) {
            // A malformed address was refused by StartWorkflow; one written before that check goes nowhere.
            guard let target = try? NotifyTarget(address) else { return nil }
            return EventRoute(target: target, authKey: target.isURL ? authKey : nil)
        }
        guard let setting, setting.sends(type) else { return nil }
        return EventRoute(target: setting.target, authKey: authKey)
    }

    /// The `NotifyAddress` string of a `UserData` JSON object, when it has one.
    public static func notifyAddress(in userData: String?) -> String? {
        guard let userData, let object = (try? JSONValue(jsonText: userData))?.objectValue,
              case .string(let address)? = object["NotifyAddress"], !address.isEmpty else { return nil }
        return address
    }
}

extension NotifyTarget {
    /// True for a URL target.
    public var isURL: Bool {
        if case .url = self { return true }
        return false
    }
}
