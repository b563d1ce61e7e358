import AsyncHTTPClient
import FloeCore
import FloeStorage
import Foundation
import NIOCore
import Testing

/// A moto S3 server (moto's threaded server mode, from the `.build-sdk-venv` that `scripts/python-env.sh`
/// makes) on a free loopback port, for the suites that carry the ``MotoServerTrait``.
///
/// Its first three requests (unauthenticated) make an IAM user with an access key, and the tests sign with
/// that key; a server that checks signatures then refuses every request not signed with it (moto answers
/// presigned URLs with 500 in that mode, so only the suites that test signatures use it). It reads its standard input until end
/// of file and then exits, so it goes away when the last suite using it releases it, and also when the test
/// process dies without doing so.
public final class MotoServer: @unchecked Sendable {  // Immutable after start; Process and Pipe are only used to stop.
    /// The server of the running suite.
    @TaskLocal public static var current: MotoServer?

    /// The buckets made at start.
    public static let buckets = [ObjectStoreConformance.bucket, "media", "floe-input", "floe-output"]

    public let endpoint: URL
    /// The access key of the IAM user made at start, allowed everything.
    public let accessKeyID: String
    public let secretAccessKey: String
    private let process: Process
    private let input: Pipe

    private init(endpoint: URL, accessKeyID: String, secretAccessKey: String, process: Process, input: Pipe) {
        self.endpoint = endpoint
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.process = process
        self.input = input
    }

    /// `moto_server` from `$FLOE_MOTO_SERVER` or `.build-sdk-venv/bin`; the Python beside it runs the server.
    static func python() throws -> URL {
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let motoServer = ProcessInfo.processInfo.environment["FLOE_MOTO_SERVER"].map { URL(filePath: $0) }
            ?? root.appending(path: ".build-sdk-venv/bin/moto_server")
        let python = motoServer.deletingLastPathComponent().appending(path: "python")
        guard FileManager.default.isExecutableFile(atPath: motoServer.path), FileManager.default.isExecutableFile(atPath: python.path) else {
            throw FloeError(.storage, "no moto_server at \(motoServer.path): run scripts/python-env.sh (or set FLOE_MOTO_SERVER)")
        }
        return python
    }

    /// Starts a server, makes its IAM user and key, and makes ``buckets``.
    static func start(checkingSignatures: Bool) async throws -> MotoServer {
        let process = Process()
        var environment = ProcessInfo.processInfo.environment
        environment["INITIAL_NO_AUTH_ACTION_COUNT"] = checkingSignatures ? "3" : nil
        process.environment = environment
        process.executableURL = try python()
        process.arguments = ["-c", """
            import os, sys
            from moto.server import ThreadedMotoServer
            server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
            server.start()
            print(server.get_host_and_port()[1], flush=True)
            sys.stdin.buffer.read()
            os._exit(0)
            """]
        let input = Pipe()
        let output = Pipe()
        let folder = TemporaryFolder("moto")  // its standard error, read should it not start
        let log = folder.appending(path: "moto.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let line = await ProcessOutput.readLine(output.fileHandleForReading)
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            try? input.fileHandleForWriting.close()
            await ProcessOutput.waitForExit(process)
            let message = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw FloeError(.storage, "moto did not start: \(message.suffix(2000))")
        }
        let endpoint = URL(string: "http://127.0.0.1:\(port)")!
        do {
            _ = try await iam(endpoint, [("Action", "CreateUser"), ("UserName", "floe")])
            _ = try await iam(endpoint, [("Action", "PutUserPolicy"), ("UserName", "floe"), ("PolicyName", "all"),
                                         ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)])
            let key = try await iam(endpoint, [("Action", "CreateAccessKey"), ("UserName", "floe")])
            guard let id = key.value("AccessKeyId"), let secret = key.value("SecretAccessKey") else {
                throw FloeError(.storage, "moto made no access key")
            }
            let server = MotoServer(endpoint: endpoint, accessKeyID: id, secretAccessKey: secret, process: process, input: input)
            let store = try server.store()
            for bucket in buckets { try await store.createBucket(bucket) }
            return server
        } catch {
            try? input.fileHandleForWriting.close()
            await ProcessOutput.waitForExit(process)
            throw error
        }
    }

    /// Sends one IAM query-API action, signed for the `iam` service with a key moto does not check yet.
    private static func iam(_ endpoint: URL, _ parameters: [(name: String, value: String)]) async throws -> XMLText {
        let body = Data(SigV4.canonicalQuery(parameters + [("Version", "2010-05-08")]).utf8)
        var signed = SigV4.Request(method: "POST", encodedPath: "/", headers: [
            ("host", "127.0.0.1:\(endpoint.port ?? 80)"), ("content-type", "application/x-www-form-urlencoded"),
        ])
        SigV4(accessKeyID: "bootstrap", secretAccessKey: "bootstrap", region: "us-east-1", service: "iam")
            .authorize(&signed, payloadHash: SigV4.sha256(body), date: Date())
        var request = HTTPClientRequest(url: endpoint.absoluteString + "/")
        request.method = .POST
        for header in signed.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else {
            throw FloeError(.storage, "moto IAM \(parameters.first?.value ?? "") answered \(response.status.code): \(text)")
        }
        return XMLText(text: text)
    }

    /// Closes the server's input, which ends it, and waits for it to exit.
    func stop() async {
        try? input.fileHandleForWriting.close()
        await ProcessOutput.waitForExit(process)
    }

    /// The configuration of a store on this server, with its key and `secret` (the right one by default).
    public func configuration(secret: String? = nil, partSize: Int = 16 << 20, threshold: Int = 16 << 20,
                              bucketNames: [String: String] = [:]) throws -> S3Configuration {
        try S3Configuration(endpoint: endpoint, region: "us-east-1", accessKeyID: accessKeyID, secretAccessKey: secret ?? secretAccessKey,
                            addressing: .pathStyle, bucketNames: bucketNames, multipartThreshold: threshold, partSize: partSize)
    }

    /// A store on this server.
    public func store(secret: String? = nil) throws -> S3ObjectStore {
        S3ObjectStore(configuration: try configuration(secret: secret))
    }

    /// The server of the running suite.
    public static func require() throws -> MotoServer {
        guard let current else { throw FloeError(.storage, "no moto server: the suite needs the .motoServer trait") }
        return current
    }
}

/// One ``MotoServer`` shared by the suites that run at the same time: started by the first, stopped when
/// the last one ends (moto takes seconds of CPU to start; the machine has two cores).
actor MotoServerPool {
    static let plain = MotoServerPool(checkingSignatures: false)
    static let checkingSignatures = MotoServerPool(checkingSignatures: true)

    let checksSignatures: Bool
    private var users = 0
    private var starting: Task<MotoServer, any Error>?

    init(checkingSignatures: Bool) { checksSignatures = checkingSignatures }

    func acquire() async throws -> MotoServer {
        users += 1
        let checking = checksSignatures
        let task = starting ?? Task { try await MotoServer.start(checkingSignatures: checking) }
        starting = task
        do {
            return try await task.value
        } catch {
            users -= 1
            if users == 0 { starting = nil }
            throw error
        }
    }

    func release() async {
        users -= 1
        guard users == 0, let task = starting else { return }
        starting = nil
        if let server = try? await task.value { await server.stop() }
    }
}

/// Runs a suite with a ``MotoServer`` that is there before its first test and until after its last.
public struct MotoServerTrait: SuiteTrait, TestScoping {
    let pool: MotoServerPool

    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await pool.acquire()
        do {
            try await MotoServer.$current.withValue(server) { try await function() }
        } catch {
            await pool.release()
            throw error
        }
        await pool.release()
    }
}

extension Trait where Self == MotoServerTrait {
    /// A moto S3 server for the suite.
    public static var motoServer: Self { MotoServerTrait(pool: .plain) }

    /// A moto S3 server for the suite that refuses requests not signed with its key (and presigned URLs).
    public static var motoServerCheckingSignatures: Self { MotoServerTrait(pool: .checkingSignatures) }
}

/// The text of the first `<name>` element of a small XML answer.
struct XMLText {
    let text: String

    func value(_ name: String) -> String? {
        guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
