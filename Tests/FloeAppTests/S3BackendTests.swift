import FloeApp
import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import Testing

@Suite("S3Backend from the environment")
struct S3BackendTests {
    static let complete = [
        "FLOE_S3_BUCKETS": "uploads, floe-output", "FLOE_S3_ENDPOINT": "http://127.0.0.1:9000",
        "FLOE_S3_ACCESS_KEY_ID": "AKID", "FLOE_S3_SECRET_ACCESS_KEY": "the-secret-value",
    ]

    @Test("no FLOE_S3_BUCKETS (or an empty one) keeps every bucket local")
    func absent() throws {
        #expect(try S3Backend(environment: [:]) == nil)
        #expect(try S3Backend(environment: ["FLOE_S3_BUCKETS": " , ", "FLOE_S3_ENDPOINT": "http://x"]) == nil)
    }

    @Test("the variables give the buckets, endpoint, region, credentials and addressing")
    func complete() throws {
        let backend = try #require(try S3Backend(environment: Self.complete))
        #expect(backend.buckets == ["uploads", "floe-output"])
        #expect(backend.configuration.endpoint.absoluteString == "http://127.0.0.1:9000")
        #expect(backend.configuration.region == "us-east-1")
        #expect(backend.configuration.accessKeyID == "AKID")
        #expect(backend.configuration.secretAccessKey == "the-secret-value")
        #expect(backend.configuration.addressing == .pathStyle)

        var virtual = Self.complete
        virtual["FLOE_S3_PATH_STYLE"] = "false"
        virtual["FLOE_S3_REGION"] = "eu-central-1"
        let other = try #require(try S3Backend(environment: virtual))
        #expect(other.configuration.addressing == .virtualHost)
        #expect(other.configuration.region == "eu-central-1")
    }

    @Test("a missing or malformed variable is an InvalidParameter error naming it, never showing the secret")
    func invalid() {
        for (variable, value) in [("FLOE_S3_ENDPOINT", ""), ("FLOE_S3_SECRET_ACCESS_KEY", ""), ("FLOE_S3_BUCKETS", "Bad_Name"),
                                  ("FLOE_S3_PATH_STYLE", "maybe"), ("FLOE_S3_ENDPOINT", "ftp://x")] {
            var environment = Self.complete
            environment[variable] = value
            do {
                _ = try S3Backend(environment: environment)
                Issue.record("\(variable)=\(value) was accepted")
            } catch {
                #expect(error.code == .invalidParameter)
                #expect(error.message.contains("FLOE_S3_"), "\(error.message)")
                #expect(!error.message.contains("the-secret-value"))
            }
        }
    }

    @Test("a Floe application sends the S3 buckets to S3 and keeps the others local")
    func application() async throws {
        let folder = TemporaryFolder("s3-app")
        let backend = try #require(try S3Backend(environment: Self.complete))
        let app = try await FloeApplication(configuration: FloeConfiguration(dataDirectory: folder.url, s3: backend))
        let routing = try #require(app.objectStore as? RoutingObjectStore)
        #expect(routing.store(for: "uploads") is S3ObjectStore)
        #expect(routing.store(for: "floe-input") is FileSystemObjectStore)
        #expect(try app.localPath(of: StorageLocation(parsing: "oss://uploads/a.mp4")) == nil)
        #expect(try app.localPath(of: StorageLocation(parsing: "oss://floe-input/a.mp4")) != nil)
    }
}
