import FloeCore
import FloeStorage
import FloeTesting
import Foundation
import Testing

/// A moto that checks every signature (see ``MotoServer``): ours are accepted, a wrong secret is refused.
@Suite("S3ObjectStore signatures checked by moto", .motoServerCheckingSignatures)
struct S3AuthenticationTests {
    @Test("our signatures are accepted, keys with special characters included")
    func accepted() async throws {
        let store = try MotoServer.require().store()
        let location = try StorageLocation(bucket: "media", key: "signed-\(UUID().uuidString)/a b+c~视=&.bin")
        try await store.put(location, data: Data("signed".utf8))
        #expect(try await store.get(location) == Data("signed".utf8))
        let listing = try await store.list(bucket: "media", prefix: location.key, after: nil, limit: 10)
        #expect(listing.objects.map(\.location) == [location])
        try await store.delete(location)
    }

    @Test("a wrong secret is refused as SignatureDoesNotMatch, and the message never shows it")
    func wrongSecret() async throws {
        let server = try MotoServer.require()
        let wrongSecret = "wrong-\(server.secretAccessKey)"
        let store = try server.store(secret: wrongSecret)
        let location = try StorageLocation(bucket: "media", key: "refused.bin")
        for attempt in [
            { _ = try await store.get(location) },
            { try await store.put(location, data: Data("x".utf8)) },
            { _ = try await store.list(bucket: "media", prefix: "", after: nil, limit: 10) },
        ] as [@Sendable () async throws -> Void] {
            do {
                try await attempt()
                Issue.record("a wrong secret was accepted")
            } catch let error as FloeError {
                #expect(error.code == .storage)
                #expect(error.message.contains("403 SignatureDoesNotMatch"), "\(error.message)")
                #expect(!error.message.contains(wrongSecret))
            }
        }
    }
}
