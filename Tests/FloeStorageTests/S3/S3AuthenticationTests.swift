import AsyncHTTPClient
import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import NIOCore
import Testing

/// Against a moto server that checks signatures (after its first three requests, which make an IAM user
/// with an access key): our SigV4 is accepted, and a wrong secret is refused with S3's code.
@Suite("S3ObjectStore signatures checked by moto")
struct S3AuthenticationTests {
    /// Sends one IAM query-API action, signed for the `iam` service (moto takes it unauthenticated).
    static func iam(_ server: MotoServer, _ parameters: [(name: String, value: String)]) async throws -> S3XMLText {
        let body = Data(SigV4.canonicalQuery(parameters + [("Version", "2010-05-08")]).utf8)
        let host = "127.0.0.1:\(server.endpoint.port ?? 80)"
        var signed = SigV4.Request(method: "POST", encodedPath: "/", headers: [
            ("host", host), ("content-type", "application/x-www-form-urlencoded"),
        ])
        SigV4(accessKeyID: "bootstrap", secretAccessKey: "bootstrap", region: "us-east-1", service: "iam")
            .authorize(&signed, payloadHash: SigV4.sha256(body), date: Date())
        var request = HTTPClientRequest(url: server.endpoint.absoluteString + "/")
        request.method = .POST
        for header in signed.headers { request.headers.replaceOrAdd(name: header.name, value: header.value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status.code == 200 else { throw FloeError(.storage, "IAM \(parameters.first?.value ?? "") answered \(response.status.code): \(text)") }
        return S3XMLText(text: text)
    }

    @Test("our signatures are accepted, and a wrong secret is refused as SignatureDoesNotMatch without showing it")
    func signatures() async throws {
        let server = try await MotoServer.start(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "3"], makeBuckets: false)
        do {
            _ = try await Self.iam(server, [("Action", "CreateUser"), ("UserName", "floe")])
            _ = try await Self.iam(server, [("Action", "PutUserPolicy"), ("UserName", "floe"), ("PolicyName", "all"),
                                            ("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)])
            let key = try await Self.iam(server, [("Action", "CreateAccessKey"), ("UserName", "floe")])
            let id = try #require(key.value("AccessKeyId"))
            let secret = try #require(key.value("SecretAccessKey"))

            let good = S3ObjectStore(configuration: try S3Configuration(
                endpoint: server.endpoint, region: "us-east-1", accessKeyID: id, secretAccessKey: secret))
            try await good.createBucket("media")
            let location = try StorageLocation(bucket: "media", key: "signed/a b+c~视.bin")
            try await good.put(location, data: Data("signed".utf8))
            #expect(try await good.get(location) == Data("signed".utf8))
            #expect(try await good.list(bucket: "media", prefix: "signed/", after: nil, limit: 10).objects.map(\.location) == [location])

            let wrongSecret = "wrong-\(secret)"
            let bad = S3ObjectStore(configuration: try S3Configuration(
                endpoint: server.endpoint, region: "us-east-1", accessKeyID: id, secretAccessKey: wrongSecret))
            do {
                _ = try await bad.get(location)
                Issue.record("a wrong secret was accepted")
            } catch let error as FloeError {
                #expect(error.code == .storage)
                #expect(error.message.contains("SignatureDoesNotMatch"), "\(error.message)")
                #expect(!error.message.contains(wrongSecret))
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

/// The text of the first `<name>` element of an XML answer.
struct S3XMLText {
    let text: String

    func value(_ name: String) -> String? {
        guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
