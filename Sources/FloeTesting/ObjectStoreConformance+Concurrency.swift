import FloeCore
import FloeStorage
import Foundation
import Testing

extension ObjectStoreConformance {
    static let concurrencyCases: [Case] = [
        Case("concurrent puts to one key leave one whole version, and readers never see a mix") { store in
            try await withScratch(store) { scratch in
                let location = try scratch.location("contended.bin")
                let initial = bytes(1000, seed: 99)
                let versions = (1...8).map { bytes(1_000_000 + Int($0) * 4096, seed: UInt8($0)) }
                try await store.put(location, data: initial)
                let seen = try await withThrowingTaskGroup(of: [Data].self) { group in
                    for version in versions {
                        group.addTask {
                            for _ in 0..<4 { try await store.put(location, data: version) }
                            return []
                        }
                    }
                    for _ in 0..<2 {
                        group.addTask {
                            var reads: [Data] = []
                            for _ in 0..<40 { reads.append(try await store.get(location)) }
                            return reads
                        }
                    }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                let whole = Set(versions + [initial])
                let mixed = seen.filter { !whole.contains($0) }
                #expect(mixed.isEmpty, "readers saw \(mixed.count) objects that are no version written (sizes \(mixed.map(\.count).prefix(5)))")
                let final = try await store.get(location)
                #expect(Set(versions).contains(final), "the object is \(final.count) bytes that are no version written")
                #expect(try await store.head(location)?.size == Int64(final.count))
                #expect(try await scratch.keys() == ["contended.bin"])
            }
        },
        Case("concurrent puts to different keys all land") { store in
            try await withScratch(store) { scratch in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<16 {
                        group.addTask { try await store.put(scratch.location("many/\(index)"), data: bytes(1000, seed: UInt8(index))) }
                    }
                    try await group.waitForAll()
                }
                #expect(try await scratch.keys(under: "many/").count == 16)
                #expect(try await store.get(scratch.location("many/7")) == bytes(1000, seed: 7))
            }
        },
    ]
}
