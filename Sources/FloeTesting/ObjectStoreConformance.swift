import FloeCore
import FloeStorage
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The behaviour every ``ObjectStore`` backend must show, as cases that a backend's tests run with
/// `@Test(arguments: ObjectStoreConformance.cases)`.
///
/// Every case works in the bucket ``bucket`` (which a backend's test must make exist) under a key prefix
/// of its own, so cases may share one store and run in parallel; each removes what it wrote.
public enum ObjectStoreConformance {
    /// One behaviour, checked against a store.
    public struct Case: Sendable, CustomTestStringConvertible {
        public let name: String
        public let run: @Sendable (any ObjectStore) async throws -> Void

        public init(_ name: String, run: @escaping @Sendable (any ObjectStore) async throws -> Void) {
            self.name = name
            self.run = run
        }

        public var testDescription: String { name }
    }

    /// The bucket the cases write to.
    public static let bucket = "floe-conformance"

    public static let cases: [Case] = roundTripCases + overwriteCases + missingCases + listingCases + keyCases + concurrencyCases
}

extension ObjectStoreConformance {
    /// Runs `body` with a fresh key prefix, then deletes every object left under it.
    static func withScratch(_ store: any ObjectStore, _ body: (Scratch) async throws -> Void) async throws {
        let scratch = Scratch(store: store, prefix: "case-\(UUID().uuidString.lowercased())/")
        do {
            try await body(scratch)
        } catch {
            try? await scratch.removeAll()
            throw error
        }
        try await scratch.removeAll()
    }

    /// A key prefix that belongs to one case.
    struct Scratch: Sendable {
        let store: any ObjectStore
        let prefix: String

        /// The location of `key` under the prefix.
        func location(_ key: String) throws -> StorageLocation {
            try StorageLocation(bucket: ObjectStoreConformance.bucket, key: prefix + key)
        }

        /// Every key under the prefix (relative to it), following pages of `limit`.
        func keys(under relative: String = "", limit: Int = 1000) async throws -> [String] {
            var keys: [String] = []
            var after: String?
            repeat {
                let page = try await store.list(bucket: ObjectStoreConformance.bucket, prefix: prefix + relative, after: after, limit: limit)
                keys += page.objects.map { String($0.location.key.dropFirst(prefix.count)) }
                after = page.nextAfter
            } while after != nil
            return keys
        }

        func removeAll() async throws {
            for key in try await keys() { try await store.delete(location(key)) }
        }
    }

    /// `count` bytes of a pattern that differs with `seed`, so two versions never compare equal.
    static func bytes(_ count: Int, seed: UInt8) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 7) ^ seed })
    }

    /// Reads a URL that ``ObjectStore/readURL(_:expiresIn:)`` returned.
    static func read(_ url: URL) async throws -> Data {
        if url.isFileURL { return try Data(contentsOf: url) }
        let (data, response) = try await URLSession.shared.data(from: url)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw FloeError(.storage, "GET \(url) answered \(status)") }
        return data
    }
}
