import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// The operations cases, listed in ``cases``.
    static let statisticsCases: [Case] = [
        Case("statistics: tasks by status, ready and running runs, pending and dead events, queued messages", statistics),
    ]

    static func statistics(_ store: any WorkflowStore) async throws {
        #expect(try await store.statistics() == StoreStatistics(), "an empty store")
        try await store.createAccount(Samples.account, now: Samples.epoch)
        let template = Samples.template()
        try await store.saveTemplate(template)
        var tasks: [WorkflowTask] = []
        for index in 0..<3 {
            let media = Samples.media(at: Samples.time(index))
            try await store.createMedia(media)
            let task = Samples.task(of: template, on: media, at: Samples.time(index))
            try await store.createTask(task, now: Samples.time(index))
            tasks.append(task)
        }
        let claimed = try await store.claim(owner: "w", limit: 1, leaseDuration: lease, now: Samples.time(5))
        #expect(claimed.count == 1)
        // Two ended tasks, each with a pending event; one of the events then dies.
        try await endedTask(in: store, userData: #"{"NotifyAddress":"\#(hookURL)"}"#, at: Samples.time(6))
        try await endedTask(in: store, userData: #"{"NotifyAddress":"\#(hookURL)"}"#, at: Samples.time(7))
        let event = try #require(try await store.claimEvents(owner: "d", limit: 1, leaseDuration: lease, now: Samples.time(8)).first)
        #expect(try await store.finishDelivery(event.id, owner: "d", outcome: .dead(error: "too old"), now: Samples.time(8)))
        for index in 0..<4 {
            try await store.enqueue(.generate(), body: "m\(index)", queue: "ice-callback-s", accountID: Samples.account, now: Samples.time(9))
        }

        var runs: [ActivityRun] = []
        for task in tasks { runs += try await store.activityRuns(of: task.id) }
        let statistics = try await store.statistics()
        #expect(statistics.tasks[.processing] == 1 && statistics.tasks[.initial] == 2 && statistics.tasks[.canceled] == 2)
        #expect(statistics.tasks[.succeed, default: 0] == 0)
        #expect(statistics.runningRuns == 1)
        #expect(statistics.readyRuns == runs.filter { $0.status == .ready }.count && statistics.readyRuns > 0)
        #expect(statistics.pendingEvents == 1 && statistics.deadEvents == 1)
        #expect(statistics.queuedMessages == 4)
    }
}
