import AsyncHTTPClient
import FloeAPI
@testable import FloeClient
import FloeCore
import FloeTesting
import Foundation
import Testing

/// `RPCClient` over both transports: answers, IMS errors, transport failures.
@Suite struct RPCClientTests {
    @Test(arguments: Via.allCases)
    func parametersArriveAsSentAndTheAnswerComesBack(_ via: Via) async throws {
        let server = try await ServerHarness()
        let sent = ["A": "plain", "B": "a b+c&d=e%20/ü\u{1F3AC}", "C": #"{"json": ["x", 1]}"#]
        let answer = try await server.with(via) { client in
            try await client.call("Echo", sent.merging(["Names": "A,B,C"]) { $1 })
        }
        #expect(answer["Echo"] == .object(sent.mapValues { .string($0) }))
        #expect(answer["AccountId"] == .string(Samples.account.rawValue))
        #expect(answer["RequestId"]?.stringValue?.count == 36)
    }

    @Test(arguments: Via.allCases)
    func anIMSErrorCarriesItsCodeMessageRequestIdAndStatus(_ via: Via) async throws {
        let server = try await ServerHarness()
        let error = try await server.with(via) { client in
            try await #require(throws: RPCClientError.self) {
                try await client.call("GetWorkflowTask", ["TaskId": "0123456789abcdef0123456789abcdef"])
            }
        }
        #expect(error.kind == .service)
        #expect(error.code == "EntityNotExist.WorkflowTask")
        #expect(error.httpStatus == 404)
        #expect(error.message.contains("0123456789abcdef0123456789abcdef"))
        let requestID = try #require(error.requestID)
        #expect(error.description == "EntityNotExist.WorkflowTask: \(error.message) (RequestId \(requestID))")
    }

    @Test(arguments: Via.allCases)
    func anUnknownKeyAndAWrongSecretAreRefused(_ via: Via) async throws {
        let server = try await ServerHarness()
        let unknown = Credentials(accessKeyID: "LTAI00000000000000000000", accessKeySecret: "x")
        let notFound = try await server.with(via, credentials: unknown) { client in
            try await #require(throws: RPCClientError.self) { try await client.call("ListWorkflowTasks") }
        }
        #expect(notFound.code == "InvalidAccessKeyId.NotFound")
        #expect(notFound.httpStatus == 404)
        let wrongSecret = Credentials(accessKeyID: server.root.key.id, accessKeySecret: server.root.secret + "x")
        let mismatch = try await server.with(via, credentials: wrongSecret) { client in
            try await #require(throws: RPCClientError.self) { try await client.call("ListWorkflowTasks") }
        }
        #expect(mismatch.code == "SignatureDoesNotMatch")
        #expect(mismatch.httpStatus == 400)
        #expect(!mismatch.description.contains(server.root.secret))
    }

    @Test(arguments: Via.allCases)
    func aTaskStartedThroughTheClientCanBeReadListedAndCanceled(_ via: Via) async throws {
        let server = try await ServerHarness()
        let location = try StorageLocation(bucket: "uploads", key: "clip.mp4")
        try await server.objects.put(location, data: Data("not really a video".utf8))
        let template = Samples.template()
        try await server.server.store.saveTemplate(template)
        let (started, task, listed, canceled) = try await server.with(via) { client in
            let started = try await client.call("StartWorkflow", [
                "WorkflowId": template.id.rawValue,
                "TaskInput": #"{"Type":"OSS","Media":"oss://uploads/clip.mp4"}"#,
            ])
            let taskID = try #require(started["TaskId"]?.stringValue)
            let task = try WorkflowTaskInfo(getWorkflowTaskAnswer: try await client.call("GetWorkflowTask", ["TaskId": taskID]))
            let listed = try WorkflowTaskInfo.list(try await client.call("ListWorkflowTasks"))
            let canceled = try await client.call("CancelWorkflowTask", ["TaskId": taskID])
            return (taskID, task, listed, canceled)
        }
        #expect(task.taskID == started)
        #expect(task.status == "Init")
        #expect(task.workflowID == template.id.rawValue)
        #expect(task.workflowName == "diamond")
        #expect(task.activities.contains { $0.name == "Start" && $0.isStructural })
        #expect(listed.map(\.taskID) == [started])
        #expect(listed.first?.mediaType == "OSS")
        #expect(canceled["TaskId"] == .string(started))
    }

    @Test func aServerThatIsNotThereIsAClearTransportError() async throws {
        let closed = try await ServerHarness().withHTTPServer { $0 }  // served, then stopped: nothing listens now
        let error = try await ServerHarness().withHTTPClient(closed) { client in
            try await #require(throws: RPCClientError.self) { try await client.call("ListWorkflowTasks") }
        }
        #expect(error.kind == .transport)
        #expect(error.code == RPCClientError.TransportCode.connectionRefused)
        #expect(error.description.contains("cannot connect to \(closed)"))
        #expect(error.httpStatus == nil)
    }

    @Test func anAnswerLaterThanTheTimeoutIsATimeout() async throws {
        let server = try await ServerHarness(actions: [SlowAction()])
        let error = try await server.withHTTPServer { url in
            try await server.withHTTPClient(url, timeout: .milliseconds(200)) { client in
                try await #require(throws: RPCClientError.self) { try await client.call("Slow") }
            }
        }
        #expect(error.kind == .transport)
        #expect(error.code == RPCClientError.TransportCode.timeout)
    }

    @Test func timeoutsAreNamed() throws {
        let transport = try HTTPRPCTransport(endpoint: "127.0.0.1:9", client: HTTPClient.shared, timeout: .seconds(3))
        let error = transport.failure(HTTPClientError.deadlineExceeded)
        #expect(error.code == RPCClientError.TransportCode.timeout)
        #expect(error.description.contains("http://127.0.0.1:9 did not answer within 3"))
    }

    @Test(arguments: [
        ("127.0.0.1:8080", "http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("HTTPS://floe.example", "https://floe.example", "floe.example"),
        ("http://[::1]:9000", "http://[::1]:9000", "[::1]:9000"),
    ])
    func endpointsAreParsed(_ text: String, _ endpoint: String, _ host: String) throws {
        let parsed = try HTTPRPCTransport.parse(text)
        #expect(parsed.endpoint == endpoint)
        #expect(parsed.host == host)
    }

    @Test(arguments: ["", "ftp://host", "http://host/api", "http://host?x=1", "http://user:pw@host", "http://"])
    func whatIsNotAServerEndpointIsRefused(_ text: String) {
        #expect(throws: RPCClientError.self) { try HTTPRPCTransport.parse(text) }
    }

    @Test func answersThatAreNotIMSOnesAreInvalidResponses() throws {
        for (status, body) in [(200, "<html>oops</html>"), (502, "Bad Gateway"), (200, "[1, 2]")] {
            let error = try #require(throws: RPCClientError.self) {
                try RPCClient.decode(RPCResponse(status: status, body: Array(body.utf8)), from: "http://x")
            }
            #expect(error.kind == .invalidResponse)
            #expect(error.httpStatus == status)
            #expect(error.message.contains("http://x answered HTTP \(status)"))
        }
        let bare = try #require(throws: RPCClientError.self) {
            try RPCClient.decode(RPCResponse(status: 503, body: Array("{}".utf8)), from: "x")
        }
        #expect(bare.kind == .service)
        #expect(bare.code == "HTTP503")
        #expect(bare.requestID == nil)
        let ok = try RPCClient.decode(RPCResponse(status: 200, body: Array(#"{"RequestId":"R","TaskId":"T"}"#.utf8)), from: "x")
        #expect(ok == ["RequestId": .string("R"), "TaskId": .string("T")])
    }
}
