import FloeCore
import Foundation

/// Sends one attempt of a ``CallbackEvent``.
public protocol CallbackSender: Sendable {
    /// POSTs the event at `now`: `nil` when a 2xx came back in time, else why not.
    func send(_ event: CallbackEvent, now: Date) async -> String?
}
