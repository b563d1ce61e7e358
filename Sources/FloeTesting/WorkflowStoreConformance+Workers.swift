import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// The worker cases, listed in ``cases``.
    static let workerCases: [Case] = [
        Case("workers: advertise, replace, list, remove, and remove those silent since a time", workerRecords),
        Case("claims: only runs of the claimer's kinds, past older tasks it cannot run", claimsByKind),
        Case("claims: a run needing a hardware encoder only by a worker that has it", claimsByHardware),
    ]

    static func workerRecords(_ store: any WorkflowStore) async throws {
        #expect(try await store.workers().isEmpty)
        let first = WorkerRecord(owner: "host-a:10:1", slots: 4, capabilities: [.kind(.transcode), .kind(.mediaInfo), .hardware(.nvenc, .h264), .anyHardware(.h264)], startTime: Samples.time(1),
                                 seenTime: Samples.time(1))
        let second = WorkerRecord(owner: "host-b:20:2", slots: 2, capabilities: [.kind(.snapshot)], startTime: Samples.time(2),
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
        let mediaInfo = try await store.claim(owner: "w2", limit: 10, capabilities: [.kind(.mediaInfo)], leaseDuration: lease, now: Samples.time(3))
        #expect(mediaInfo.map(\.name) == ["c"], "not the Snapshot")
        // A newer task's MediaInfo run is claimed by a MediaInfo worker past the older task's Snapshot.
        let newer = try await makeTask(in: store, at: Samples.time(4))
        let next = try await store.claim(owner: "w2", limit: 1, capabilities: [.kind(.mediaInfo)], leaseDuration: lease, now: Samples.time(5))
        #expect(next.map(\.id) == [ActivityRun.ID(taskID: newer.id, name: "a")])
        #expect(try await store.claim(owner: "w3", limit: 10, capabilities: [.kind(.transcode)], leaseDuration: lease, now: Samples.time(6)).isEmpty)
        #expect(try await store.claim(owner: "w3", limit: 10, capabilities: [], leaseDuration: lease, now: Samples.time(6)).isEmpty)
        let snapshot = try await store.claim(owner: "w4", limit: 10, capabilities: [.kind(.snapshot), .kind(.transcode)], leaseDuration: lease,
                                             now: Samples.time(7))
        #expect(snapshot.map(\.id) == [ActivityRun.ID(taskID: older.id, name: "b")])
    }

    /// `Start -> sw -> nv -> any -> End`: Transcodes of H.264, in software, on NVENC, on any hardware encoder.
    static let hardwareTopology: WorkflowTopology = {
        func transcode(_ hardware: String?) -> ActivityDefinition {
            var video: [String: JSONValue] = ["Codec": .string("h264"), "Height": .number(360)]
            if let hardware { video["Hardware"] = .string(hardware) }
            return ActivityDefinition(type: "Transcode", parameters: .object(["Outputs": .array([
                .object(["Name": .string("out"), "Container": .string("mp4"), "Video": .object(video)]),
            ])]))
        }
        return WorkflowTopology(
            activities: ["Start": ActivityDefinition(type: "Start"), "sw": transcode("auto"), "nv": transcode("nvenc"),
                         "any": transcode("required"), "End": ActivityDefinition(type: "End")],
            dependencies: ["Start": ["sw", "nv", "any"], "sw": ["End"], "nv": ["End"], "any": ["End"]])
    }()

    static func claimsByHardware(_ store: any WorkflowStore) async throws {
        let template = WorkflowTemplate(id: .generate(), name: "hardware", kind: .common, accountID: Samples.account,
                                        topology: hardwareTopology, createTime: Samples.time(0), modifiedTime: Samples.time(0))
        let task = try await makeTask(in: store, at: Samples.time(0), template: template)
        let runs = try await runs(of: task.id, in: store)
        #expect(runs["sw"]?.requirements == [.kind(.transcode)], "auto needs no hardware")
        #expect(runs["nv"]?.requirements == [.kind(.transcode), .hardware(.nvenc, .h264)])
        #expect(runs["any"]?.requirements == [.kind(.transcode), .anyHardware(.h264)])

        // A software worker takes only the run that needs no hardware; a VA-API one also the one that needs any.
        let software = try await store.claim(owner: "cpu", limit: 10, capabilities: [.kind(.transcode)], leaseDuration: lease,
                                             now: Samples.time(1))
        #expect(software.map(\.name) == ["sw"])
        let vaapi: Set<Capability> = Set<Capability>([.kind(.transcode)]).union(Capability.hardware([(.vaapi, .h264)]))
        let anyHardware = try await store.claim(owner: "vaapi", limit: 10, capabilities: vaapi, leaseDuration: lease, now: Samples.time(2))
        #expect(anyHardware.map(\.name) == ["any"], "not the NVENC one")
        let nvencForHEVC: Set<Capability> = Set<Capability>([.kind(.transcode)]).union(Capability.hardware([(.nvenc, .h265)]))
        #expect(try await store.claim(owner: "hevc", limit: 10, capabilities: nvencForHEVC, leaseDuration: lease, now: Samples.time(3)).isEmpty,
                "NVENC for H.265 only is not NVENC for H.264")
        #expect(try await statuses(of: task.id, in: store)["nv"] == .ready, "it waits for a worker that can")
        let nvenc: Set<Capability> = Set<Capability>([.kind(.transcode)]).union(Capability.hardware([(.nvenc, .h264)]))
        let gpu = try await store.claim(owner: "gpu", limit: 10, capabilities: nvenc, leaseDuration: lease, now: Samples.time(4))
        #expect(gpu.map(\.name) == ["nv"])
    }
}
