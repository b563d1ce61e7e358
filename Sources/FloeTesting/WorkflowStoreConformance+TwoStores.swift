import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// Two stores on one backing (one SQLite file, one PostgreSQL database: what two processes have) claiming
    /// 30 ready runs at once, four claimers in all: every run is handed out, and none twice.
    public static func twoStoresNeverShareARun(_ first: any WorkflowStore, _ second: any WorkflowStore) async throws {
        let template = Samples.template()
        try await first.saveTemplate(template)
        var expected: Set<ActivityRun.ID> = []
        for index in 0..<30 {
            let media = Samples.media()
            try await first.createMedia(media)
            let task = Samples.task(of: template, on: media, at: Samples.time(index))
            try await first.createTask(task, now: Samples.time(index))
            expected.insert(ActivityRun.ID(taskID: task.id, name: "a"))
        }
        let claimed = try await withThrowingTaskGroup(of: [ActivityRun].self) { group in
            for (index, store) in [first, second, first, second].enumerated() {
                group.addTask {
                    var mine: [ActivityRun] = []
                    while true {
                        let batch = try await store.claim(owner: "w\(index)", limit: 2, leaseDuration: .seconds(30), now: Samples.time(100))
                        if batch.isEmpty { return mine }
                        mine += batch
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == expected.count)
        #expect(Set(claimed.map(\.id)) == expected)
    }
}
