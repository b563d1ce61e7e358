import FloeCore
import FloeNotify
import FloeTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The sender against a real receiver on loopback (allowed explicitly, as callbacks to loopback are refused
/// by default).
@Suite struct HTTPCallbackSenderTests {
    /// What the receiver saw of each POST: its headers and body.
    final class Received: Sendable {
        let requests = Mutex<[(headers: HTTPFields, body: String)]>([])
    }

    /// Runs `body` with the base URL of a receiver: `/ok` answers 200, `/busy` 503, `/moved` a redirect to
    /// `/ok`, `/slow` 200 after 10 s, `/big` 200 with 1 MiB.
    func withReceiver(_ body: @Sendable (String, Received) async throws -> Void) async throws {
        let received = Received()
        let router = Router()
        router.post("ok") { request, _ -> HTTPResponse.Status in
            let text = String(buffer: try await request.body.collect(upTo: 1 << 20))
            received.requests.withLock { $0.append((request.headers, text)) }
            return .ok
        }
        router.post("busy") { _, _ -> HTTPResponse.Status in .serviceUnavailable }
        router.post("moved") { _, _ in Response(status: .found, headers: [.location: "/ok"]) }
        router.post("slow") { _, _ -> HTTPResponse.Status in
            try await Task.sleep(for: .seconds(10))
            return .ok
        }
        router.post("big") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x61, count: 1 << 20))) }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body("http://127.0.0.1:\(try #require(client.port))", received)
        }
    }

    static let loopback = CallbackAddressPolicy(allowed: [IPNetwork("127.0.0.0/8")!])
    /// Far over the default 3 s: these checks are about what is sent and answered, and a whole test run on two
    /// shared cores can make a loopback answer late. The timeout itself is checked with a short one.
    static let patient = Duration.seconds(30)

    func event(_ url: String, authKey: String? = nil) -> CallbackEvent {
        CallbackEvent(accountID: Samples.account, type: .workflowTaskComplete, subject: "task", url: url, authKey: authKey,
                      body: #"{"EventType":"WorkflowTaskComplete","UserId":1000000000000001}"#, createTime: Samples.epoch)
    }

    @Test func aDeliveryCarriesTheBodyTheEventIdAndTheSignature() async throws {
        try await withReceiver { base, received in
            let sender = HTTPCallbackSender(policy: Self.loopback, timeout: Self.patient)
            let event = event("\(base)/ok", authKey: "Key123abc")
            let sentAt = Date(timeIntervalSince1970: 1_700_000_000)
            #expect(await sender.send(event, now: sentAt) == nil)
            let request = try #require(received.requests.withLock { $0.first })
            #expect(request.body == event.body)
            #expect(request.headers[.contentType] == "application/json")
            #expect(request.headers[HTTPField.Name("X-Floe-Event-Id")!] == event.id.rawValue)
            #expect(request.headers[HTTPField.Name("X-ICE-TIMESTAMP")!] == "1700000000")
            #expect(request.headers[HTTPField.Name("X-ICE-SIGNATURE")!]
                    == CallbackSignature.signature(url: event.url, timestamp: 1_700_000_000, authKey: "Key123abc"))
            // Without an AuthKey, no signature.
            #expect(await sender.send(self.event("\(base)/ok"), now: sentAt) == nil)
            let unsigned = try #require(received.requests.withLock { $0.last })
            #expect(unsigned.headers[HTTPField.Name("X-ICE-SIGNATURE")!] == nil)
        }
    }

    @Test func failuresAreReported() async throws {
        try await withReceiver { base, received in
            let sender = HTTPCallbackSender(policy: Self.loopback, timeout: Self.patient)
            #expect(await sender.send(event("\(base)/busy"), now: Date()) == "HTTP 503")
            #expect(await sender.send(event("\(base)/moved"), now: Date()) == "HTTP 302", "redirects are not followed")
            let impatient = HTTPCallbackSender(policy: Self.loopback, timeout: .milliseconds(500))
            #expect(await impatient.send(event("\(base)/slow"), now: Date()) != nil, "slower than the timeout")
            #expect(await sender.send(event("\(base)/big"), now: Date()) == nil, "a large answer is read in part and ignored")
            #expect(received.requests.withLock { $0.isEmpty })
            #expect(await sender.send(event("http://127.0.0.1:1/closed"), now: Date()) != nil, "nothing listens")
        }
    }

    @Test func internalAddressesAreRefusedUnlessAllowed() async throws {
        try await withReceiver { base, received in
            let strict = HTTPCallbackSender(policy: CallbackAddressPolicy())
            let refused = await strict.send(event("\(base)/ok"), now: Date())
            #expect(refused?.contains("internal address") == true, "\(refused ?? "sent")")
            let byName = await strict.send(event(base.replacingOccurrences(of: "127.0.0.1", with: "localhost") + "/ok"), now: Date())
            #expect(byName?.contains("internal address") == true, "a name is checked after it resolves: \(byName ?? "sent")")
            for url in ["http://169.254.169.254/latest/meta-data/", "http://[::1]:9/x", "http://10.0.0.1/x", "ftp://example.com/x"] {
                #expect(await strict.send(event(url), now: Date()) != nil, "\(url)")
            }
            #expect(received.requests.withLock { $0.isEmpty })
        }
    }
}
