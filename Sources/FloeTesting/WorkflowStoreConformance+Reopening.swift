import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// A task half run by one store, then read back by another on the same backing (one SQLite file, one
    /// PostgreSQL database), as after a restart: the template, the media with its new file, the task and its runs
    /// with their leases and results.
    public struct Reopening: Sendable {
        let template = Samples.template()
        let media = Samples.media()
        let task: WorkflowTask
        let output: MediaFile

        public init() {
            task = Samples.task(of: template, on: media, at: Samples.time(1))
            output = Samples.output("\(task.id)/720p.mp4", activity: "a")
        }

        /// Saves the template and media, starts the task, completes its first activity and claims the next.
        public func write(into store: any WorkflowStore) async throws {
            try await store.saveTemplate(template)
            try await store.createMedia(media)
            try await store.createTask(task, now: Samples.time(1))
            _ = try await store.claim(owner: "w1", limit: 1, leaseDuration: .seconds(30), now: Samples.time(2))
            let a = ActivityRun.ID(taskID: task.id, name: "a")
            #expect(try await store.complete(a, owner: "w1", outcome: .succeeded(ActivityResult(files: [output])), now: Samples.time(3)))
            _ = try await store.claim(owner: "w1", limit: 1, leaseDuration: .seconds(30), now: Samples.time(4))
        }

        /// Checks that `reopened` holds everything ``write(into:)`` did.
        public func check(_ reopened: any WorkflowStore) async throws {
            var media = self.media
            media.files.append(output)
            #expect(try await reopened.template(template.id) == template)
            #expect(try await reopened.media(media.id) == media)
            let stored = try #require(try await reopened.task(task.id))
            #expect(stored.status == .processing)
            let runs = try await reopened.activityRuns(of: task.id)
            #expect(runs.map(\.status) == [.waiting, .succeed, .succeed, .running, .ready])
            #expect(runs.first { $0.name == "b" }?.leaseOwner == "w1")
            #expect(runs.first { $0.name == "a" }?.result == ActivityResult(files: [output]))
            #expect(Samples.sameTime(runs.first { $0.name == "b" }?.leaseExpiresAt, Samples.time(34)))
        }
    }
}
