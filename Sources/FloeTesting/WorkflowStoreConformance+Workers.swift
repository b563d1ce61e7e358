import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// The worker cases, listed in ``cases``.
    static let workerCases: [Case] = [
        Case("workers: advertise, replace, list, remove, and remove those silent since a time", workerRecords),
        Case("claims: only runs of the claimer's kinds, past older tasks it cannot run", claimsByKind),
    ]

    static func workerRecords(_ store: any WorkflowStore) async throws {
        #expect(try await store.workers().isEmpty)
        let first = WorkerRecord(owner: "host-a:10:1", slots: 4, kinds: [.transcode, .mediaInfo], startTime: Samples.time(1),
                                 seenTime: Samples.time(1))
        let second = WorkerRecord(owner: "host-b:20:2", slots: 2, kinds: [.snapshot], startTime: Samples.time(2),
                                  seenTime: Samples.time(2))
        try await store.advertise(second)
        try await store.advertise(first)
        #expect(try await store.workers() == [first, second], "by owner")

        var again = first
        again.seenTime = Samples.time(30)
        again.slots = 8
        try await store.advertise(again)
        #expect(try await store.workers() == [again, second], "one record per owner, the latest")

        #expect(try await store.removeWorkers(seenBefore: Samples.time(2)) == 0, "seen at 2 is not before 2")
        #expect(try await store.removeWorkers(seenBefore: Samples.time(10)) == 1)
        #expect(try await store.workers() == [again])
        try await store.removeWorker(again.owner)
        try await store.removeWorker("never-seen")
        #expect(try await store.workers().isEmpty)
    }

    static func claimsByKind(_ store: any WorkflowStore) async throws {
        // The older task: `a` done, then `c` (MediaInfo) taken by a MediaInfo worker; only `b` (Snapshot) is ready.
        let older = try await makeTask(in: store, at: Samples.time(0))
        try await claim(["a"], in: store, at: Samples.time(1))
        #expect(try await store.complete(.init(taskID: older.id, name: "a"), owner: "w1", outcome: succeeded(), now: Samples.time(2)))
        let mediaInfo = try await store.claim(owner: "w2", limit: 10, kinds: [.mediaInfo], leaseDuration: lease, now: Samples.time(3))
        #expect(mediaInfo.map(\.name) == ["c"], "not the Snapshot")
        // A newer task's MediaInfo run is claimed by a MediaInfo worker past the older task's Snapshot.
        let newer = try await makeTask(in: store, at: Samples.time(4))
        let next = try await store.claim(owner: "w2", limit: 1, kinds: [.mediaInfo], leaseDuration: lease, now: Samples.time(5))
        #expect(next.map(\.id) == [ActivityRun.ID(taskID: newer.id, name: "a")])
        #expect(try await store.claim(owner: "w3", limit: 10, kinds: [.transcode], leaseDuration: lease, now: Samples.time(6)).isEmpty)
        #expect(try await store.claim(owner: "w3", limit: 10, kinds: [], leaseDuration: lease, now: Samples.time(6)).isEmpty)
        let snapshot = try await store.claim(owner: "w4", limit: 10, kinds: [.snapshot, .transcode], leaseDuration: lease,
                                             now: Samples.time(7))
        #expect(snapshot.map(\.id) == [ActivityRun.ID(taskID: older.id, name: "b")])
    }
}
