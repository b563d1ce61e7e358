import FloeCore
import FloeStorage
import Foundation
import Testing

/// A moto S3 server (moto's threaded server mode, from the `.build-sdk-venv` that `scripts/python-env.sh`
/// makes) on a free loopback port, for the suites that carry the ``MotoServerTrait``.
///
/// The server reads its standard input until end of file and then exits, so it goes away when the test
/// process closes the pipe, and also when the test process dies without closing it.
public final class MotoServer: @unchecked Sendable {  // Immutable after start; Process and FileHandle are only used to stop.
    /// The server of the running suite.
    @TaskLocal public static var current: MotoServer?

    /// The buckets made at start.
    public static let buckets = [ObjectStoreConformance.bucket, "media", "floe-input", "floe-output"]
    public static let accessKeyID = "floe-test-key"
    public static let secretAccessKey = "floe-test-secret"

    public let endpoint: URL
    private let process: Process
    private let input: Pipe

    private init(endpoint: URL, process: Process, input: Pipe) {
        self.endpoint = endpoint
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

    /// Starts a server (with `environment` added to ours) and, unless `makeBuckets` is false, makes ``buckets``.
    public static func start(environment: [String: String] = [:], makeBuckets: Bool = true) async throws -> MotoServer {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
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
        let log = FileManager.default.temporaryDirectory.appending(path: "floe-moto-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
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
        let server = MotoServer(endpoint: URL(string: "http://127.0.0.1:\(port)")!, process: process, input: input)
        if makeBuckets {
            let store = try server.store()
            for bucket in buckets { try await store.createBucket(bucket) }
        }
        return server
    }

    /// Closes the server's input, which ends it, and waits for it to exit.
    public func stop() async {
        try? input.fileHandleForWriting.close()
        await ProcessOutput.waitForExit(process)
    }

    /// The configuration of a store on this server.
    public func configuration(secret: String = MotoServer.secretAccessKey, partSize: Int = 16 << 20, threshold: Int = 16 << 20,
                       bucketNames: [String: String] = [:]) throws -> S3Configuration {
        try S3Configuration(endpoint: endpoint, region: "us-east-1", accessKeyID: Self.accessKeyID, secretAccessKey: secret,
                            addressing: .pathStyle, bucketNames: bucketNames, multipartThreshold: threshold, partSize: partSize)
    }

    /// A store on this server.
    public func store(secret: String = MotoServer.secretAccessKey) throws -> S3ObjectStore {
        S3ObjectStore(configuration: try configuration(secret: secret))
    }

    /// The server of the running suite.
    public static func require() throws -> MotoServer {
        guard let current else { throw FloeError(.storage, "no moto server: the suite needs the .motoServer trait") }
        return current
    }
}

/// Runs a suite with a ``MotoServer`` that is started before its first test and stopped after its last.
public struct MotoServerTrait: SuiteTrait, TestScoping {
    public func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let server = try await MotoServer.start()
        do {
            try await MotoServer.$current.withValue(server) { try await function() }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension Trait where Self == MotoServerTrait {
    /// A moto S3 server for the suite.
    public static var motoServer: Self { MotoServerTrait() }
}
