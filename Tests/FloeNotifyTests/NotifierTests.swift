import FloeCore
import FloeEngine
import FloeNotify
import FloeStoreSQLite
import FloeTesting
import Foundation
import Logging
import Synchronization
import Testing

/// A sender that answers from a script and records what it was asked to send.
final class ScriptedSender: CallbackSender {
    private let state: Mutex<(failures: [String?], sent: [EventID])>

    /// `failures[i]` is the answer to the i-th send (`nil`: delivered); past its end, every send is delivered.
    init(_ failures: [String?] = []) {
        state = Mutex((failures, []))
    }

    var sent: [EventID] { state.withLock { $0.sent } }

    func send(_ event: CallbackEvent, now: Date) async -> String? {
        state.withLock { state in
            state.sent.append(event.id)
            return state.failures.isEmpty ? nil : state.failures.removeFirst()
        }
    }
}

/// A settable `now`.
final class ManualNow: Sendable {
    private let time = Mutex(Samples.epoch)
    var value: Date {
        get { time.withLock { $0 } }
        set { time.withLock { $0 = newValue } }
    }
}

@Suite struct NotifierTests {
    let store: SQLiteWorkflowStore
    let now = ManualNow()

    init() async throws {
        store = try SQLiteWorkflowStore.temporary()
        try await store.createAccount(Samples.account, now: Samples.epoch)
    }

    func notifier(_ sender: ScriptedSender, maxAge: Duration = .seconds(3600)) -> Notifier {
        var logger = Logger(label: "floe-notifier-test")
        logger.logLevel = .critical
        let now = self.now
        return Notifier(store: store, sender: sender, configuration: .init(owner: "n1", maxAge: maxAge), logger: logger,
                        now: { now.value }, random: { 0.5 })
    }

    /// Ends a task whose `NotifyAddress` is a URL at `now`; returns its event.
    func endedTask() async throws -> CallbackEvent {
        let template = Samples.template(at: Samples.epoch)
        try await store.saveTemplate(template)
        let media = Samples.media(at: Samples.epoch)
        try await store.createMedia(media)
        let task = Samples.task(of: template, on: media, at: Samples.epoch, userData: #"{"NotifyAddress":"http://example.com/hook"}"#)
        try await store.createTask(task, now: Samples.epoch)
        _ = try await store.cancelTask(task.id, now: now.value)
        return try #require(try await store.events(accountID: Samples.account, state: .pending, page: PageRequest()).items.first)
    }

    @Test func aDeliveredEventIsSentOnce() async throws {
        let event = try await endedTask()
        let sender = ScriptedSender()
        let notifier = notifier(sender)
        #expect(try await notifier.deliverDue() == 1)
        #expect(try await notifier.deliverDue() == 0)
        #expect(sender.sent == [event.id])
        let delivered = try #require(try await store.event(event.id))
        #expect(delivered.state == .delivered && delivered.attempts == 1)
    }

    @Test func deliveredEventsAreDeletedAfterTheRetention() async throws {
        let event = try await endedTask()
        let sender = ScriptedSender()
        let notifier = notifier(sender)
        #expect(try await notifier.deliverDue() == 1)
        now.value = Samples.epoch.addingTimeInterval(7 * 24 * 3600 - 1)
        #expect(await notifier.pruneDelivered() == 0, "kept for 7 days")
        #expect(try await store.event(event.id)?.state == .delivered)
        now.value = Samples.epoch.addingTimeInterval(7 * 24 * 3600 + 1)
        #expect(await notifier.pruneDelivered() == 1)
        #expect(try await store.event(event.id) == nil)
    }

    @Test func aFailureIsTriedAgainAfterItsBackoffThenDelivered() async throws {
        let event = try await endedTask()
        let sender = ScriptedSender(["HTTP 503", "HTTP 503"])
        let notifier = notifier(sender)
        try await notifier.deliverDue()
        var stored = try #require(try await store.event(event.id))
        #expect(stored.state == .pending && stored.attempts == 1 && stored.lastError == "HTTP 503")
        #expect(Samples.sameTime(stored.nextAttemptTime, Samples.epoch.addingTimeInterval(1)), "1 s after the first failure")
        #expect(try await notifier.deliverDue() == 0, "not before its next attempt is due")
        now.value = Samples.epoch.addingTimeInterval(1)
        try await notifier.deliverDue()
        stored = try #require(try await store.event(event.id))
        #expect(Samples.sameTime(stored.nextAttemptTime, Samples.epoch.addingTimeInterval(3)), "then 2 s more")
        now.value = Samples.epoch.addingTimeInterval(3)
        try await notifier.deliverDue()
        stored = try #require(try await store.event(event.id))
        #expect(stored.state == .delivered && stored.attempts == 3)
        #expect(sender.sent == [event.id, event.id, event.id])
    }

    @Test func anEventPastItsMaximumAgeIsDeadAndCanBeReplayed() async throws {
        let event = try await endedTask()
        let sender = ScriptedSender(["refused", "refused"])
        let notifier = notifier(sender, maxAge: .seconds(60))
        try await notifier.deliverDue()
        now.value = Samples.epoch.addingTimeInterval(61)
        try await notifier.deliverDue()
        #expect(try await store.event(event.id)?.state == .dead)
        #expect(try await notifier.deliverDue() == 0)
        #expect(try await store.replayEvent(event.id, accountID: Samples.account, now: now.value))
        try await notifier.deliverDue()
        #expect(try await store.event(event.id)?.state == .delivered)
    }

    @Test("outcomes: delivered; retried with a growing, capped backoff; dead at the maximum age")
    func outcomes() {
        let configuration = Notifier.Configuration(maxAge: .seconds(100))
        var event = CallbackEvent(accountID: Samples.account, type: .workflowTaskComplete, subject: "t", url: "http://x.test/",
                                  body: "{}", createTime: Samples.epoch)
        #expect(Notifier.outcome(of: event, failure: nil, at: Samples.epoch, configuration: configuration, random: 0.5) == .delivered)
        event.attempts = 3
        #expect(Notifier.outcome(of: event, failure: "x", at: Samples.epoch, configuration: configuration, random: 0.5)
                == .retry(at: Samples.epoch.addingTimeInterval(8), error: "x"))
        event.attempts = 30
        #expect(Notifier.outcome(of: event, failure: "x", at: Samples.epoch, configuration: configuration, random: 0.5)
                == .retry(at: Samples.epoch.addingTimeInterval(300), error: "x"))
        #expect(Notifier.outcome(of: event, failure: "x", at: Samples.epoch.addingTimeInterval(100), configuration: configuration, random: 0.5)
                == .dead(error: "x"))
    }
}
