import FloeAPI
import FloeClient
import FloeCore
import FloeStorage
import FloeTesting
import Testing

/// An ``RPCTestServer`` serving ``EchoAction`` too, and clients of it.
struct ServerHarness {
    let server: RPCTestServer

    init(actions: [any RPCAction] = []) async throws {
        server = try await RPCTestServer(actions: actions + [EchoAction()])
    }

    var root: KeyRing.Credential { server.root }
    var objects: FileSystemObjectStore { server.objects }

    /// The root key's credentials.
    var credentials: Credentials { Credentials(accessKeyID: root.key.id, accessKeySecret: root.secret) }

    /// A client of the in-process endpoint.
    func inProcessClient(_ credentials: Credentials? = nil) -> RPCClient {
        RPCClient(transport: EndpointRPCTransport(endpoint: server.endpoint), credentials: credentials ?? self.credentials)
    }

    /// Serves the endpoint over HTTP while `body` runs with its base URL.
    func withHTTPServer<Result: Sendable>(_ body: (String) async throws -> Result) async throws -> Result {
        try await server.withHTTP(body)
    }

    /// A client over HTTP to `endpoint` on its own HTTPClient, shut down after `body`.
    func withHTTPClient<Result: Sendable>(
        _ endpoint: String, credentials: Credentials? = nil, timeout: Duration = .seconds(20),
        _ body: (RPCClient) async throws -> Result
    ) async throws -> Result {
        try await HTTPRPCTransport.with(endpoint: endpoint, timeout: timeout) { transport in
            try await body(RPCClient(transport: transport, credentials: credentials ?? self.credentials))
        }
    }
}

/// `Echo`: answers the parameters named in `Names` (comma-separated) and the caller's account.
struct EchoAction: RPCAction {
    static let name = "Echo"

    func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        var echoed: [String: JSONValue] = [:]
        for name in (parameters.string("Names") ?? "").split(separator: ",").map(String.init) {
            if let value = parameters.string(name) { echoed[name] = .string(value) }
        }
        return ["Echo": .object(echoed), "AccountId": .string(caller.accountID.rawValue)]
    }
}

/// How a test reaches the server.
enum Via: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case inProcess, http
    var testDescription: String { rawValue }
}

extension ServerHarness {
    /// Runs `body` with a client reaching the server `via`.
    func with<Result: Sendable>(
        _ via: Via, credentials: Credentials? = nil, _ body: (RPCClient) async throws -> Result
    ) async throws -> Result {
        switch via {
        case .inProcess:
            try await body(inProcessClient(credentials))
        case .http:
            try await withHTTPServer { url in try await withHTTPClient(url, credentials: credentials, body) }
        }
    }
}

/// `Slow`: answers after a second and a half.
struct SlowAction: RPCAction {
    static let name = "Slow"

    func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        try await Task.sleep(for: .milliseconds(1500))
        return [:]
    }
}
