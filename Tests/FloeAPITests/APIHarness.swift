import Crypto
import FloeAPI
import FloeCore
import FloeEngine
import FloeStorage
import FloeStoreSQLite
import FloeTesting
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The API endpoint on a temporary SQLite store and local buckets, with two accounts and their root keys.
struct APIHarness {
    let store: SQLiteWorkflowStore
    /// Holds the buckets, removed with the harness.
    let folder = TemporaryFolder("api")
    let objects: FileSystemObjectStore
    let ring: KeyRing
    let account = Samples.account
    let otherAccount = Samples.otherAccount
    let root: KeyRing.Credential
    let otherRoot: KeyRing.Credential
    let application: Application<APIResponder>

    /// A parsed answer.
    struct Answer {
        var status: Int
        var text: String
        var json: [String: Any]

        var code: String? { json["Code"] as? String }
        subscript(key: String) -> Any? { json[key] }
    }

    /// `maximumTemplatesPerAccount` is the template actions' limit per account; `buckets` says which buckets
    /// each account may use (every one, unless told).
    init(maximumTemplatesPerAccount: Int = TemplateActions.defaultMaximumTemplatesPerAccount,
         buckets: (@Sendable (SQLiteWorkflowStore) -> any BucketAccessPolicy)? = nil) async throws {
        store = try SQLiteWorkflowStore.temporary()
        objects = try FileSystemObjectStore(root: folder.url)
        ring = KeyRing(store: store, box: try SecretBox(key: SymmetricKey(size: .bits256)))
        try await store.createAccount(account, now: Date())
        try await store.createAccount(otherAccount, now: Date())
        root = try await ring.createKey(accountID: account, isRoot: true, now: Date())
        otherRoot = try await ring.createKey(accountID: otherAccount, isRoot: true, now: Date())
        let access = buckets?(store) ?? OpenBucketAccess()
        var logger = Logger(label: "floe-api-test")
        logger.logLevel = .critical
        let endpoint = RPCEndpoint(
            authenticator: Authenticator(keyRing: ring, store: store),
            actions: WorkflowActions.all(store: store, launcher: WorkflowLauncher(store: store), objectStore: objects, buckets: access)
                + MediaActions.all(store: store, objectStore: objects, launcher: WorkflowLauncher(store: store), buckets: access)
                + TemplateActions.all(store: store, buckets: access, maximumTemplatesPerAccount: maximumTemplatesPerAccount)
                + CallbackActions.all(store: store),
            logger: logger)
        application = Application(responder: APIResponder(endpoint: endpoint, bodyLimit: 64 * 1024),
                                  configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    }

    func signer(_ credential: KeyRing.Credential) -> TestSigner {
        TestSigner(keyID: credential.key.id, secret: credential.secret)
    }

    /// Sends each request in order on one test client; returns the answers.
    /// With `live`, over a real loopback connection (NIO moves `Host` into the authority; the peer address is known).
    func send(_ requests: [TestSigner.Signed], method: HTTPRequest.Method = .post, live: Bool = false) async throws -> [Answer] {
        let raw: [(Int, String)] = try await application.test(live ? .live : .router) { client in
            var answers: [(Int, String)] = []
            for request in requests {
                var fields = HTTPFields()
                for (name, value) in request.headers {
                    if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
                }
                let response = try await client.execute(uri: request.uri, method: method, headers: fields,
                                                        body: ByteBuffer(bytes: request.body))
                answers.append((Int(response.status.code), String(buffer: response.body)))
            }
            return answers
        }
        return raw.map { status, text in
            let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return Answer(status: status, text: text, json: json)
        }
    }

    func send(_ request: TestSigner.Signed, method: HTTPRequest.Method = .post, live: Bool = false) async throws -> Answer {
        try await send([request], method: method, live: live)[0]
    }

    /// Signs and sends `action` as `credential` (the root key of ``account`` by default).
    func call(_ action: String, _ parameters: [(String, String)] = [], as credential: KeyRing.Credential? = nil,
              algorithm: TestSigner.Algorithm = .acs3) async throws -> Answer {
        try await send(signer(credential ?? root).sign(algorithm, action: action, parameters))
    }

    /// The parameters of a request whose query is `pairs`, for running an action directly.
    static func parameters(_ pairs: [(String, String)]) throws -> ActionParameters {
        let query = pairs.map { "\($0.0)=\(TestSigner.rfc3986($0.1))" }.joined(separator: "&")
        return ActionParameters(try SignedRequest(method: "POST", path: "/", rawQuery: query, headers: []))
    }

    /// ``account``'s root key calling at `now`, for running an action directly.
    func caller(at now: Date) -> Caller {
        Caller(accountID: account, accessKeyID: root.key.id, now: now)
    }

    /// A Common template of `accountID`, saved.
    func template(name: String = "diamond", accountID: AccountID? = nil) async throws -> WorkflowTemplate {
        let template = Samples.template(name: name, accountID: accountID ?? account)
        try await store.saveTemplate(template)
        return template
    }

    /// A registered media asset of ``account``.
    func media() async throws -> MediaAsset {
        let media = Samples.media(accountID: account)
        try await store.createMedia(media)
        return media
    }

    /// An object in a local bucket.
    func object(_ key: String) async throws -> StorageLocation {
        let location = try StorageLocation(bucket: "uploads", key: key)
        try await objects.put(location, data: Data("not really a video".utf8))
        return location
    }
}

/// `{"Type":"Media","Media":id}`.
func mediaInput(_ id: MediaID) -> String { #"{"Type":"Media","Media":"\#(id.rawValue)"}"# }
