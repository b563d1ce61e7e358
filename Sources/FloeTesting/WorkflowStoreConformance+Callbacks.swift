import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// The callback cases, listed in ``cases``.
    static let callbackCases: [Case] = [
        Case("callbacks: settings set, replaced, removed; an unknown account is notFound", callbackSettings),
        Case("callbacks: a task's end writes its event where NotifyAddress or the setting sends it", completionEvents),
        Case("callbacks: a registration's end writes its RegisterMediaComplete event", registrationEvents),
        Case("callbacks: claims, leases, outcomes, dead events and replay", eventDelivery),
        Case("callbacks: 8 concurrent claimers never share an event", concurrentEventClaimers),
        Case("callbacks: pruning deletes delivered events older than the cut, up to a limit, and nothing else", eventPruning),
        Case("queues: receive hides a message until its visibility timeout; only the latest receipt deletes it", queueVisibility),
        Case("queues: 8 concurrent receivers never share a message", concurrentReceivers),
    ]

    static let hookURL = "http://127.0.0.1:9/hook"

    /// A task of a fresh template with `userData`, canceled (ended) at `time`.
    @discardableResult
    static func endedTask(in store: any WorkflowStore, userData: String?, at time: Date = Samples.time(1)) async throws -> WorkflowTask {
        let template = Samples.template(at: Samples.epoch)
        if try await store.template(template.id) == nil { try await store.saveTemplate(template) }
        let media = Samples.media(at: Samples.epoch)
        try await store.createMedia(media)
        let task = Samples.task(of: template, on: media, at: Samples.epoch, userData: userData)
        try await store.createTask(task, now: Samples.epoch)
        _ = try await store.cancelTask(task.id, now: time)
        return task
    }

    static func pending(_ store: any WorkflowStore, _ account: AccountID = Samples.account) async throws -> [CallbackEvent] {
        try await store.events(accountID: account, state: .pending, page: PageRequest(limit: 100)).items
    }

    static func callbackSettings(_ store: any WorkflowStore) async throws {
        try await store.createAccount(Samples.account, now: Samples.epoch)
        #expect(try await store.eventCallback(of: Samples.account) == nil)
        let http = try EventCallback(callbackType: .http, target: NotifyTarget(url: hookURL), eventTypes: [.workflowTaskComplete],
                                     authKey: "Test123")
        try await store.setEventCallback(http, accountID: Samples.account)
        #expect(try await store.eventCallback(of: Samples.account) == http)
        let mns = try EventCallback(callbackType: .mns, target: NotifyTarget(queue: "ice-callback-demo"))
        try await store.setEventCallback(mns, accountID: Samples.account)
        #expect(try await store.eventCallback(of: Samples.account) == mns)
        try await store.setEventCallback(nil, accountID: Samples.account)
        #expect(try await store.eventCallback(of: Samples.account) == nil)
        let unknown = await #expect(throws: FloeError.self) { try await store.setEventCallback(http, accountID: Samples.otherAccount) }
        #expect(unknown?.code == .notFound)
    }

    static func completionEvents(_ store: any WorkflowStore) async throws {
        try await store.createAccount(Samples.account, now: Samples.epoch)
        // No NotifyAddress, no setting: no event.
        try await endedTask(in: store, userData: nil)
        #expect(try await pending(store).isEmpty)

        // A URL NotifyAddress: one pending event, due at once, with the IMS envelope.
        let task = try await endedTask(in: store, userData: #"{"NotifyAddress":"\#(hookURL)","k":"v"}"#, at: Samples.time(2))
        let events = try await pending(store)
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(event.url == hookURL && event.type == .workflowTaskComplete && event.subject == task.id.rawValue)
        #expect(event.authKey == nil && event.attempts == 0 && Samples.sameTime(event.nextAttemptTime, Samples.time(2)))
        let envelope = try #require(try JSONValue(jsonText: event.body).objectValue)
        #expect(envelope["EventType"] == .string("WorkflowTaskComplete"))
        #expect(event.body.contains(#""UserId":\#(Samples.account.rawValue.drop { $0 == "0" }),"#), "UserId is a number: \(event.body)")
        let body = try #require(envelope["MessageBody"]?.objectValue)
        #expect(body["TaskId"] == .string(task.id.rawValue) && body["Status"] == .string("Canceled"))
        #expect(body["MediaId"] == .string(task.mediaID.rawValue) && body["WorkflowId"] == .string(task.workflowID.rawValue))
        #expect(body["UserData"] == .string(#"{"NotifyAddress":"\#(hookURL)","k":"v"}"#))
        for member in ["TaskInput", "ActivityResults", "CreateTime", "ModifiedTime", "FinishTime"] {
            #expect(body[member] != nil, "MessageBody.\(member)")
        }
        #expect(try await store.event(event.id) == event)

        // A queue NotifyAddress: a message in that queue, no event to POST.
        try await endedTask(in: store, userData: #"{"NotifyAddress":"ice-callback-demo"}"#)
        #expect(try await pending(store).count == 1)
        let messages = try await store.receiveMessages(queue: "ice-callback-demo", accountID: Samples.account, limit: 10,
                                                       visibilityTimeout: .seconds(30), now: Samples.time(3))
        #expect(messages.count == 1 && messages.first?.body.contains(#""EventType":"WorkflowTaskComplete""#) == true)

        // The setting applies when a task names no address, signed with its AuthKey, and only for its types.
        let setting = try EventCallback(callbackType: .http, target: NotifyTarget(url: "https://example.com/all"), authKey: "Abc123")
        try await store.setEventCallback(setting, accountID: Samples.account)
        try await endedTask(in: store, userData: #"{"other":"x"}"#)
        let signed = try await pending(store).filter { $0.url == "https://example.com/all" }
        #expect(signed.count == 1 && signed.first?.authKey == "Abc123")
        let filtered = try EventCallback(callbackType: .mns, target: NotifyTarget(queue: "ice-callback-media"),
                                         eventTypes: [.registerMediaComplete])
        try await store.setEventCallback(filtered, accountID: Samples.account)
        try await endedTask(in: store, userData: nil)
        let none = try await store.receiveMessages(queue: "ice-callback-media", accountID: Samples.account, limit: 10,
                                                   visibilityTimeout: .seconds(30), now: Samples.time(3))
        #expect(none.isEmpty)
        #expect(try await pending(store).count == 2)
    }

    static func registrationEvents(_ store: any WorkflowStore) async throws {
        for (name, result) in [("ok", MediaPreparationResult.prepared(Samples.fileInfo(width: 640, height: 360))), ("bad", .failed)] {
            var media = Samples.media(at: Samples.epoch)
            media.details.userData = #"{"NotifyAddress":"\#(hookURL)/\#(name)"}"#
            media.details.referenceID = "reference-\(name)"
            try await store.createMedia(media)
            let claim = try #require(try await store.claimPreparation(media.id, staleBefore: Samples.epoch, now: Samples.time(1)))
            #expect(try await store.finishPreparation(claim, result: result, now: Samples.time(2)))
        }
        let events = try await pending(store).sorted { $0.url < $1.url }
        #expect(events.map(\.url) == ["\(hookURL)/bad", "\(hookURL)/ok"])
        #expect(events.allSatisfy { $0.type == .registerMediaComplete })
        let statuses = try events.map { event in
            try #require(try JSONValue(jsonText: event.body).objectValue?["MessageBody"]?.objectValue?["Status"])
        }
        #expect(statuses == [.string("PrepareFail"), .string("Normal")])
        let body = try #require(try JSONValue(jsonText: events[1].body).objectValue?["MessageBody"]?.objectValue)
        #expect(body["MediaId"] == .string(events[1].subject) && body["ReferenceId"] == .string("reference-ok"))
        #expect(events[1].body.contains(#""EventType":"RegisterMediaComplete""#))
    }

    static func eventPruning(_ store: any WorkflowStore) async throws {
        // Four events: three delivered (at 10, 11 and 30), one dead; and a pending one.
        for index in 0..<5 {
            try await endedTask(in: store, userData: #"{"NotifyAddress":"\#(hookURL)"}"#, at: Samples.time(index))
        }
        let claimed = try await store.claimEvents(owner: "d", limit: 10, leaseDuration: lease, now: Samples.time(9))
        #expect(claimed.count == 5)
        let outcomes: [(DeliveryOutcome, Int)] = [(.delivered, 10), (.delivered, 11), (.delivered, 30), (.dead(error: "old"), 12)]
        for ((outcome, time), event) in zip(outcomes, claimed) {
            #expect(try await store.finishDelivery(event.id, owner: "d", outcome: outcome, now: Samples.time(time)))
        }
        #expect(try await store.pruneDeliveredEvents(deliveredBefore: Samples.time(20), limit: 1) == 1, "a limit")
        #expect(try await store.pruneDeliveredEvents(deliveredBefore: Samples.time(20), limit: 10) == 1, "the rest before the cut")
        #expect(try await store.pruneDeliveredEvents(deliveredBefore: Samples.time(20), limit: 10) == 0)
        #expect(try await store.event(claimed[0].id) == nil)
        #expect(try await store.event(claimed[1].id) == nil)
        #expect(try await store.event(claimed[2].id)?.state == .delivered, "delivered after the cut")
        #expect(try await store.event(claimed[3].id)?.state == .dead, "dead events stay")
        #expect(try await store.event(claimed[4].id)?.state == .pending, "pending events stay")
    }

    static func eventDelivery(_ store: any WorkflowStore) async throws {
        try await endedTask(in: store, userData: #"{"NotifyAddress":"\#(hookURL)"}"#, at: Samples.time(1))
        let first = try await store.claimEvents(owner: "d1", limit: 10, leaseDuration: .seconds(10), now: Samples.time(1))
        #expect(first.count == 1)
        let id = try #require(first.first?.id)
        #expect(try await store.claimEvents(owner: "d2", limit: 10, leaseDuration: .seconds(10), now: Samples.time(2)).isEmpty)
        // A lost claim: handed out again once it expires; the first owner's report then changes nothing.
        let again = try await store.claimEvents(owner: "d2", limit: 10, leaseDuration: .seconds(10), now: Samples.time(12))
        #expect(again.map(\.id) == [id])
        #expect(try await store.finishDelivery(id, owner: "d1", outcome: .delivered, now: Samples.time(13)) == false)
        #expect(try await store.finishDelivery(id, owner: "d2", outcome: .retry(at: Samples.time(20), error: "HTTP 503"),
                                               now: Samples.time(13)))
        var event = try #require(try await store.event(id))
        #expect(event.state == .pending && event.attempts == 1 && event.lastError == "HTTP 503")
        #expect(try await store.claimEvents(owner: "d3", limit: 10, leaseDuration: .seconds(10), now: Samples.time(19)).isEmpty)
        #expect(try await store.claimEvents(owner: "d3", limit: 10, leaseDuration: .seconds(10), now: Samples.time(20)).count == 1)
        #expect(try await store.finishDelivery(id, owner: "d3", outcome: .dead(error: "too old"), now: Samples.time(21)))
        event = try #require(try await store.event(id))
        #expect(event.state == .dead && event.attempts == 2)
        #expect(try await store.events(accountID: Samples.account, state: .dead, page: PageRequest()).items.map(\.id) == [id])
        #expect(try await store.claimEvents(owner: "d3", limit: 10, leaseDuration: .seconds(10), now: Samples.time(99)).isEmpty)

        #expect(try await store.replayEvent(id, accountID: Samples.otherAccount, now: Samples.time(30)) == false)
        #expect(try await store.replayEvent(id, accountID: Samples.account, now: Samples.time(30)))
        #expect(try await store.replayEvent(id, accountID: Samples.account, now: Samples.time(30)) == false)
        let replayed = try await store.claimEvents(owner: "d4", limit: 10, leaseDuration: .seconds(10), now: Samples.time(30))
        #expect(replayed.map(\.id) == [id] && replayed.first?.attempts == 0)
        #expect(try await store.finishDelivery(id, owner: "d4", outcome: .delivered, now: Samples.time(31)))
        event = try #require(try await store.event(id))
        #expect(event.state == .delivered && Samples.sameTime(event.deliveredTime, Samples.time(31)))
        #expect(try await store.finishDelivery(id, owner: "d4", outcome: .delivered, now: Samples.time(32)) == false)
    }

    static func concurrentEventClaimers(_ store: any WorkflowStore) async throws {
        for index in 0..<20 {
            try await endedTask(in: store, userData: #"{"NotifyAddress":"\#(hookURL)"}"#, at: Samples.time(index))
        }
        let claimed = try await withThrowingTaskGroup(of: [EventID].self) { group in
            for owner in 0..<8 {
                group.addTask {
                    try await store.claimEvents(owner: "d\(owner)", limit: 5, leaseDuration: .seconds(60), now: Samples.time(100)).map(\.id)
                }
            }
            return try await group.reduce(into: [EventID]()) { $0 += $1 }
        }
        #expect(claimed.count == 20 && Set(claimed).count == 20)
    }

    static func queueVisibility(_ store: any WorkflowStore) async throws {
        let queue = "ice-callback-q"
        let ids = [EventID.generate(), EventID.generate()]
        try await store.enqueue(ids[0], body: "one", queue: queue, accountID: Samples.account, now: Samples.time(1))
        try await store.enqueue(ids[1], body: "two", queue: queue, accountID: Samples.account, now: Samples.time(2))
        try await store.enqueue(ids[0], body: "one again", queue: queue, accountID: Samples.account, now: Samples.time(3))
        let other = try await store.receiveMessages(queue: queue, accountID: Samples.otherAccount, limit: 10,
                                                    visibilityTimeout: .seconds(30), now: Samples.time(4))
        #expect(other.isEmpty, "another account's queue of the same name is another queue")

        let received = try await store.receiveMessages(queue: queue, accountID: Samples.account, limit: 1,
                                                       visibilityTimeout: .seconds(30), now: Samples.time(4))
        #expect(received.map(\.body) == ["one"] && received.first?.receiveCount == 1)
        let next = try await store.receiveMessages(queue: queue, accountID: Samples.account, limit: 10,
                                                   visibilityTimeout: .seconds(30), now: Samples.time(5))
        #expect(next.map(\.body) == ["two"], "a received message is invisible until its timeout")
        // Not deleted: back after its visibility timeout, with a new receipt.
        let back = try await store.receiveMessages(queue: queue, accountID: Samples.account, limit: 10,
                                                   visibilityTimeout: .seconds(30), now: Samples.time(34))
        #expect(back.map(\.body) == ["one"] && back.first?.receiveCount == 2)
        let stale = try #require(received.first?.receiptHandle)
        let fresh = try #require(back.first?.receiptHandle)
        #expect(stale != fresh)
        #expect(try await store.deleteMessage(queue: queue, accountID: Samples.account, receiptHandle: stale) == false)
        let moved = try await store.changeMessageVisibility(queue: queue, accountID: Samples.account, receiptHandle: fresh,
                                                            visibilityTimeout: .seconds(0), now: Samples.time(35))
        #expect(Samples.sameTime(moved, Samples.time(35)))
        let visible = try await store.receiveMessages(queue: queue, accountID: Samples.account, limit: 1,
                                                      visibilityTimeout: .seconds(30), now: Samples.time(35))
        #expect(visible.map(\.body) == ["one"])
        let latest = try #require(visible.first?.receiptHandle)
        #expect(try await store.deleteMessage(queue: queue, accountID: Samples.otherAccount, receiptHandle: latest) == false)
        #expect(try await store.deleteMessage(queue: queue, accountID: Samples.account, receiptHandle: latest))
        let rest = try await store.receiveMessages(queue: queue, accountID: Samples.account, limit: 10,
                                                   visibilityTimeout: .seconds(30), now: Samples.time(100))
        #expect(rest.map(\.body) == ["two"], "one message, deleted; the other, never deleted, still there")
    }

    static func concurrentReceivers(_ store: any WorkflowStore) async throws {
        for index in 0..<20 {
            try await store.enqueue(.generate(), body: "m\(index)", queue: "ice-callback-c", accountID: Samples.account,
                                    now: Samples.time(index))
        }
        let bodies = try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await store.receiveMessages(queue: "ice-callback-c", accountID: Samples.account, limit: 5,
                                                    visibilityTimeout: .seconds(60), now: Samples.time(100)).map(\.body)
                }
            }
            return try await group.reduce(into: [String]()) { $0 += $1 }
        }
        #expect(bodies.count == 20 && Set(bodies).count == 20)
    }
}
