import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// Rows written before claims went by capability (SQLite v9, PostgreSQL v5) keep working after the migration.
    /// A backend's test writes them with ``write(into:)``, takes its schema back to the version before (drops the
    /// runs' `requirements`, names the workers' `capabilities` `kinds` again, forgets the migration), migrates
    /// again, and calls ``check(_:)``.
    public struct CapabilityMigration: Sendable {
        let worker = WorkerRecord(owner: "old-host:1:1", slots: 2, capabilities: [.kind(.mediaInfo), .kind(.snapshot)],
                                  startTime: Samples.time(1), seenTime: Samples.time(1))
        public init() {}

        /// A diamond task (its `a`, a MediaInfo, ready) and a worker record of MediaInfo and Snapshot.
        public func write(into store: any WorkflowStore) async throws {
            _ = try await makeTask(in: store, at: Samples.time(0))
            try await store.advertise(worker)
        }

        /// The worker's kinds are its capabilities; the run needs its kind only, and is claimed by kind.
        public func check(_ store: any WorkflowStore) async throws {
            #expect(try await store.workers() == [worker])
            #expect(try await store.claim(owner: "w", limit: 10, capabilities: [.kind(.snapshot)], leaseDuration: lease,
                                          now: Samples.time(2)).isEmpty)
            let claimed = try await store.claim(owner: "w", limit: 10, capabilities: [.kind(.mediaInfo)], leaseDuration: lease,
                                                now: Samples.time(2))
            #expect(claimed.map(\.name) == ["a"])
            #expect(claimed.first?.requirements == [.kind(.mediaInfo)])
        }
    }
}
