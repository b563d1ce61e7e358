import FloeAPI
import FloeCore
import FloeEngine
import FloeTesting
import Foundation
import Testing

/// SetEventCallback and GetEventCallback (IMS's), the queue actions and the callback event actions (Floe's).
@Suite struct CallbackActionTests {
    let h: APIHarness

    init() async throws {
        h = try await APIHarness()
    }

    func get(as credential: KeyRing.Credential? = nil) async throws -> APIHarness.Answer {
        let answer = try await h.call("GetEventCallback", as: credential)
        #expect(answer.status == 200, "\(answer.text)")
        return answer
    }

    @Test func setAndGetEventCallback() async throws {
        let empty = try await get()
        #expect(empty["CallbackType"] as? String == "" && empty["AuthSwitch"] as? String == "off")

        let set = try await h.call("SetEventCallback", [("CallbackType", "HTTP"), ("CallbackURL", "https://example.com/cb"),
                                                        ("EventTypeList", "WorkflowTaskComplete"), ("AuthSwitch", "on"), ("AuthKey", "Abc123")])
        #expect(set.status == 200 && set["Success"] as? Bool == true, "\(set.text)")
        var got = try await get()
        #expect(got["CallbackType"] as? String == "HTTP" && got["CallbackURL"] as? String == "https://example.com/cb")
        #expect(got["EventTypeList"] as? String == "WorkflowTaskComplete" && got["AuthSwitch"] as? String == "on")
        #expect(got["AuthKey"] as? String == "Abc123" && got["CallbackQueueName"] as? String == "")

        // A partial update keeps what it does not name; off drops the key.
        #expect(try await h.call("SetEventCallback", [("AuthSwitch", "off")]).status == 200)
        got = try await get()
        #expect(got["CallbackURL"] as? String == "https://example.com/cb" && got["AuthSwitch"] as? String == "off" && got["AuthKey"] as? String == "")
        #expect(try await h.call("SetEventCallback", [("CallbackType", "MNS"), ("CallbackQueueName", "ice-callback-demo"),
                                                      ("EventTypeList", "RegisterMediaComplete,WorkflowTaskComplete")]).status == 200)
        got = try await get()
        #expect(got["CallbackType"] as? String == "MNS" && got["CallbackQueueName"] as? String == "ice-callback-demo")
        #expect(got["CallbackURL"] as? String == "" && got["EventTypeList"] as? String == "RegisterMediaComplete,WorkflowTaskComplete")

        // The other account sees none of it.
        #expect(try await get(as: h.otherRoot)["CallbackType"] as? String == "")
    }

    @Test("SetEventCallback refuses what IMS refuses, and changes nothing", arguments: [
        ([("CallbackType", "SMS"), ("CallbackURL", "https://example.com/cb")], "InvalidParameter"),
        ([("CallbackType", "HTTP")], "MissingParameter"),
        ([("CallbackURL", "ftp://example.com/cb")], "InvalidParameter"),
        ([("CallbackURL", "https://example.com/" + String(repeating: "a", count: 250))], "InvalidParameter"),
        ([("CallbackType", "MNS"), ("CallbackQueueName", "my-queue")], "InvalidParameter"),
        ([("CallbackURL", "https://example.com/cb"), ("AuthSwitch", "on")], "MissingParameter"),
        ([("CallbackURL", "https://example.com/cb"), ("AuthSwitch", "on"), ("AuthKey", "alllowercase1")], "InvalidParameter"),
        ([("CallbackURL", "https://example.com/cb"), ("AuthSwitch", "maybe")], "InvalidParameter"),
        ([("CallbackURL", "https://example.com/cb"), ("EventTypeList", "WorkflowTaskComplete,NoSuchEvent")], "InvalidParameter"),
    ])
    func refusals(_ parameters: [(String, String)], _ code: String) async throws {
        let answer = try await h.call("SetEventCallback", parameters)
        #expect(answer.status == 400 && answer.code == code, "\(answer.text)")
        #expect(try await h.store.eventCallback(of: h.account) == nil)
    }

    @Test func aQueueDeliversAMessageUntilItIsDeleted() async throws {
        let id = EventID.generate()
        try await h.store.enqueue(id, body: "hello", queue: "ice-callback-q", accountID: h.account, now: Date())
        let received = try await h.call("ReceiveMessage", [("QueueName", "ice-callback-q"), ("VisibilityTimeout", "600")])
        let messages = try #require(received["Messages"] as? [[String: Any]], "\(received.text)")
        #expect(messages.count == 1 && messages.first?["MessageBody"] as? String == "hello" && messages.first?["MessageId"] as? String == id.rawValue)
        let handle = try #require(messages.first?["ReceiptHandle"] as? String)
        let hidden = try await h.call("ReceiveMessage", [("QueueName", "ice-callback-q")])
        #expect((hidden["Messages"] as? [Any])?.isEmpty == true, "invisible until its timeout")
        let other = try await h.call("ReceiveMessage", [("QueueName", "ice-callback-q")], as: h.otherRoot)
        #expect((other["Messages"] as? [Any])?.isEmpty == true, "another account's queue of that name is empty")

        // Not deleted: visible again (here at once), received again with a new receipt.
        let changed = try await h.call("ChangeMessageVisibility", [("QueueName", "ice-callback-q"), ("ReceiptHandle", handle),
                                                                   ("VisibilityTimeout", "0")])
        #expect(changed.status == 200 && changed["NextVisibleTime"] != nil, "\(changed.text)")
        let back = try await h.call("ReceiveMessage", [("QueueName", "ice-callback-q"), ("VisibilityTimeout", "600")])
        let again = try #require((back["Messages"] as? [[String: Any]])?.first, "\(back.text)")
        #expect(again["DequeueCount"] as? Int == 2)
        let stale = try await h.call("DeleteMessage", [("QueueName", "ice-callback-q"), ("ReceiptHandle", handle)])
        #expect(stale.status == 404 && stale.code == "MessageNotExist", "an older receipt no longer deletes it")
        let fresh = try #require(again["ReceiptHandle"] as? String)
        #expect(try await h.call("DeleteMessage", [("QueueName", "ice-callback-q"), ("ReceiptHandle", fresh)]).status == 200)

        // A long poll answers when a message arrives.
        let store = h.store, account = h.account
        let later = Task {
            try await Task.sleep(for: .milliseconds(300))
            try await store.enqueue(.generate(), body: "later", queue: "ice-callback-q", accountID: account, now: Date())
        }
        let polled = try await h.call("ReceiveMessage", [("QueueName", "ice-callback-q"), ("WaitSeconds", "30")])
        try await later.value
        #expect((polled["Messages"] as? [[String: Any]])?.first?["MessageBody"] as? String == "later", "\(polled.text)")
        let bad = try await h.call("ReceiveMessage", [("QueueName", "no/such queue")])
        #expect(bad.status == 400 && bad.code == "InvalidParameter")
    }

    @Test func deadEventsAreListedAndReplayed() async throws {
        // Through the store's own path: a task's end makes a pending event, which is claimed and given up.
        let template = try await h.template()
        let media = Samples.media(at: Date())
        try await h.store.createMedia(media)
        let task = Samples.task(of: template, on: media, at: Date(), userData: #"{"NotifyAddress":"https://example.com/cb"}"#)
        try await h.store.createTask(task, now: Date())
        _ = try await h.store.cancelTask(task.id, now: Date())
        let claimed = try #require(try await h.store.claimEvents(owner: "n", limit: 1, leaseDuration: .seconds(30), now: Date()).first)
        try await h.store.finishDelivery(claimed.id, owner: "n", outcome: .dead(error: "HTTP 503"), now: Date())

        let listed = try await h.call("ListCallbackEvents")
        let events = try #require(listed["Events"] as? [[String: Any]], "\(listed.text)")
        #expect(events.count == 1 && events.first?["EventId"] as? String == claimed.id.rawValue)
        #expect(events.first?["State"] as? String == "Dead" && events.first?["LastError"] as? String == "HTTP 503")
        #expect((try await h.call("ListCallbackEvents", as: h.otherRoot)["Events"] as? [Any])?.isEmpty == true)
        let foreign = try await h.call("ReplayCallbackEvent", [("EventId", claimed.id.rawValue)], as: h.otherRoot)
        #expect(foreign.status == 404 && foreign.code == "EntityNotExist.CallbackEvent")
        let replayed = try await h.call("ReplayCallbackEvent", [("EventId", claimed.id.rawValue)])
        #expect(replayed.status == 200, "\(replayed.text)")
        let pending = try await h.call("ListCallbackEvents", [("State", "Pending")])
        #expect((pending["Events"] as? [[String: Any]])?.first?["Attempts"] as? Int == 0)
    }

    @Test func startWorkflowRefusesAMalformedNotifyAddress() async throws {
        let template = try await h.template()
        let media = Samples.media(at: Date(), accountID: h.account)
        try await h.store.createMedia(media)
        let answer = try await h.call("StartWorkflow", [("WorkflowId", template.id.rawValue),
                                                        ("TaskInput", #"{"Type":"Media","Media":"\#(media.id)"}"#),
                                                        ("UserData", #"{"NotifyAddress":"not a queue!"}"#)])
        #expect(answer.status == 400 && answer.code == "InvalidParameter" && answer.text.contains("NotifyAddress"), "\(answer.text)")
    }
}
