import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    static func createTask(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        try await store.saveTemplate(template)
        let media = Samples.media()
        try await store.createMedia(media)
        let task = Samples.task(of: template, on: media, at: Samples.time(1), userData: #"{"NotifyAddress":"q1"}"#)
        #expect(try await store.task(task.id) == nil)
        try await store.createTask(task, now: Samples.time(1))

        #expect(try await store.task(task.id) == task)
        let runs = try await store.activityRuns(of: task.id)
        #expect(runs.map(\.name) == ["End", "Start", "a", "b", "c"])
        let byName = Dictionary(uniqueKeysWithValues: runs.map { ($0.name, $0) })
        #expect(byName.mapValues(\.status) == ["Start": .succeed, "a": .ready, "b": .waiting, "c": .waiting, "End": .waiting])
        #expect(runs.allSatisfy { $0.attempt == 0 && $0.leaseOwner == nil && $0.taskID == task.id })
        #expect(runs.allSatisfy { $0.definition == template.topology.activities[$0.name] })
        #expect(Samples.sameTime(byName["Start"]?.endTime, Samples.time(1)))

        let duplicate = await #expect(throws: FloeError.self) { try await store.createTask(task, now: Samples.time(2)) }
        #expect(duplicate?.code == .conflict)
        let noMedia = await #expect(throws: FloeError.self) {
            try await store.createTask(Samples.task(of: template, on: Samples.media()), now: Samples.time(2))
        }
        #expect(noMedia?.code == .notFound)
        #expect(try await store.activityRuns(of: TaskID.generate()).isEmpty)
    }

    static func happyPath(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        #expect(try await status(of: task.id, in: store) == .initial)

        let a = try await claim(["a"], in: store, at: Samples.time(1))
        #expect(a.first?.attempt == 1)
        #expect(a.first?.leaseOwner == "w1")
        #expect(Samples.sameTime(a.first?.leaseExpiresAt, Samples.time(31)))
        #expect(try await status(of: task.id, in: store) == .processing)

        let probe = Samples.fileInfo(width: 1280, height: 720)
        let source = MediaFile(location: Samples.media(id: task.mediaID).inputURL, fileType: .sourceFile, info: probe)
        let aID = ActivityRun.ID(taskID: task.id, name: "a")
        #expect(try await store.complete(aID, owner: "w1", outcome: succeeded([source], data: .object(["Duration": .string("10")])), now: Samples.time(2)))
        let afterA = try await Self.runs(of: task.id, in: store)
        #expect(afterA["a"]?.status == .succeed)
        #expect(afterA["a"]?.result?.data == .object(["Duration": .string("10")]))
        #expect(afterA["a"]?.leaseOwner == nil)
        #expect(afterA.mapValues(\.status) == ["Start": .succeed, "a": .succeed, "b": .ready, "c": .ready, "End": .waiting])

        try await claim(["b", "c"], in: store, owner: "w2", at: Samples.time(3))
        let cover = Samples.output("\(task.id)/cover.jpg", .snapshot, activity: "b")
        #expect(try await store.complete(.init(taskID: task.id, name: "b"), owner: "w2", outcome: succeeded([cover]), now: Samples.time(4)))
        #expect(try await status(of: task.id, in: store) == .processing)
        #expect(try await statuses(of: task.id, in: store)["End"] == .waiting)
        #expect(try await store.complete(.init(taskID: task.id, name: "c"), owner: "w2", outcome: succeeded(), now: Samples.time(5)))

        let ended = try #require(try await store.task(task.id))
        #expect(ended.status == .succeed)
        #expect(ended.message == nil)
        #expect(Samples.sameTime(ended.finishTime, Samples.time(5)))
        let finalRuns = try await Self.runs(of: task.id, in: store)
        #expect(finalRuns.values.allSatisfy { $0.status == .succeed })
        #expect(Samples.sameTime(finalRuns["End"]?.endTime, Samples.time(5)))

        let media = try #require(try await store.media(task.mediaID))
        #expect(media.files.map(\.location) == [source.location, cover.location])
        #expect(media.files.first?.info == probe)
        #expect(try await store.claim(owner: "w1", limit: 10, leaseDuration: lease, now: Samples.time(6)).isEmpty)
    }

    static func activityInputs(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        #expect(try await store.activityInputs(of: task.id) == ActivityInputs(task: task, input: Samples.media(id: task.mediaID).inputURL,
                                                                              upstream: [:]))
        try await claim(["a"], in: store, at: Samples.time(1))
        let result = ActivityResult(files: [], data: .object(["Duration": .string("10")]))
        #expect(try await store.complete(.init(taskID: task.id, name: "a"), owner: "w1", outcome: .succeeded(result), now: Samples.time(2)))
        try await claim(["b", "c"], in: store, at: Samples.time(3))
        let inputs = try #require(try await store.activityInputs(of: task.id))
        #expect(inputs.task == (try await store.task(task.id)))
        #expect(inputs.input == Samples.media(id: task.mediaID).inputURL)
        #expect(inputs.upstream == ["a": result], "the succeeded runs with a result; not the running ones")

        #expect(try await store.activityInputs(of: TaskID.generate()) == nil)
    }

    static func filesListedOnce(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        try await claim(["a"], in: store, at: Samples.time(1))
        #expect(try await store.complete(.init(taskID: task.id, name: "a"), owner: "w1", outcome: succeeded(), now: Samples.time(2)))
        try await claim(["b", "c"], in: store, at: Samples.time(3))

        let shared = Samples.output("\(task.id)/720p.mp4", .transcodeFile, activity: "b")
        let first = Samples.output("\(task.id)/first.jpg", .snapshot, activity: "b")
        #expect(try await store.complete(.init(taskID: task.id, name: "b"), owner: "w1",
                                         outcome: succeeded([shared, first, shared]), now: Samples.time(4)))
        var again = shared
        again.fileType = .snapshot
        again.info = Samples.fileInfo(width: 1280, height: 720)
        let last = Samples.output("\(task.id)/last.jpg", .snapshot, activity: "c")
        #expect(try await store.complete(.init(taskID: task.id, name: "c"), owner: "w1",
                                         outcome: succeeded([last, again]), now: Samples.time(5)))

        let media = try #require(try await store.media(task.mediaID))
        #expect(media.files.map(\.location) == [media.inputURL, shared.location, first.location, last.location])
        #expect(media.files[1].fileType == .snapshot)
        #expect(media.files[1].info == again.info)
        #expect(try await status(of: task.id, in: store) == .succeed)
    }

    static func deterministicFailure(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        try await claim(["a"], in: store, at: Samples.time(1))
        let error = ActivityError(.invalidInput, "not a media file", transient: false)
        #expect(try await store.complete(.init(taskID: task.id, name: "a"), owner: "w1",
                                         outcome: .failed(error, retryAt: nil), now: Samples.time(2)))

        let ended = try #require(try await store.task(task.id))
        #expect(ended.status == .failed)
        #expect(ended.message?.contains("a") == true)
        #expect(ended.message?.contains("not a media file") == true)
        #expect(Samples.sameTime(ended.finishTime, Samples.time(2)))
        let runs = try await Self.runs(of: task.id, in: store)
        #expect(runs.mapValues(\.status) == ["Start": .succeed, "a": .failed, "b": .skipped, "c": .skipped, "End": .skipped])
        #expect(runs["a"]?.error == error)
        #expect(try await store.claim(owner: "w1", limit: 10, leaseDuration: lease, now: Samples.time(3)).isEmpty)
    }

    static func cancellation(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        try await claim(["a"], in: store, at: Samples.time(1))
        #expect(try await store.complete(.init(taskID: task.id, name: "a"), owner: "w1", outcome: succeeded(), now: Samples.time(2)))
        try await claim(["b"], in: store, limit: 1, at: Samples.time(3))

        let canceled = try await store.cancelTask(task.id, now: Samples.time(4))
        #expect(canceled.status == .canceled)
        #expect(Samples.sameTime(canceled.finishTime, Samples.time(4)))
        #expect(try await store.task(task.id) == canceled)
        #expect(try await statuses(of: task.id, in: store) == ["Start": .succeed, "a": .succeed, "b": .running, "c": .canceled, "End": .canceled])
        #expect(try await store.claim(owner: "w2", limit: 10, leaseDuration: lease, now: Samples.time(5)).isEmpty)

        let b = ActivityRun.ID(taskID: task.id, name: "b")
        #expect(try await store.heartbeat(b, owner: "w1", progress: 40, leaseDuration: lease, now: Samples.time(5)) == .stop)
        #expect(try await store.complete(b, owner: "w1", outcome: .canceled, now: Samples.time(6)))
        let runs = try await Self.runs(of: task.id, in: store)
        #expect(runs["b"]?.status == .canceled)
        #expect(runs["b"]?.leaseOwner == nil)
        #expect(try await store.task(task.id)?.status == .canceled)
    }

    static func cancelEnded(_ store: any WorkflowStore) async throws {
        let task = try await makeTask(in: store)
        try await claim(["a"], in: store, at: Samples.time(1))
        #expect(try await store.complete(.init(taskID: task.id, name: "a"), owner: "w1",
                                         outcome: .failed(ActivityError(.unsupported, "no", transient: false), retryAt: nil),
                                         now: Samples.time(2)))
        let before = try await store.task(task.id)
        let conflict = await #expect(throws: FloeError.self) { try await store.cancelTask(task.id, now: Samples.time(3)) }
        #expect(conflict?.code == .conflict)
        #expect(try await store.task(task.id) == before)

        let canceled = try await makeTask(in: store, at: Samples.time(10))
        try await store.cancelTask(canceled.id, now: Samples.time(11))
        let twice = await #expect(throws: FloeError.self) { try await store.cancelTask(canceled.id, now: Samples.time(12)) }
        #expect(twice?.code == .conflict)

        let missing = await #expect(throws: FloeError.self) { try await store.cancelTask(TaskID.generate(), now: Samples.time(3)) }
        #expect(missing?.code == .notFound)
    }

    static func tasksPaging(_ store: any WorkflowStore) async throws {
        let first = Samples.template(name: "first")
        let second = Samples.template(name: "second")
        var tasks: [WorkflowTask] = []
        for index in 0..<13 {
            // Two tasks share a creation time, so ties are broken by id.
            let time = Samples.time(index == 12 ? 5 : index)
            tasks.append(try await makeTask(in: store, at: time, template: index.isMultiple(of: 3) ? second : first))
        }
        for task in tasks[0..<3] { try await store.cancelTask(task.id, now: Samples.time(20)) }
        let all = try await tasks.asyncMap { try #require(try await store.task($0.id)) }
        let newestFirst = all.sorted { ($0.createTime, $0.id) > ($1.createTime, $1.id) }

        func list(_ query: TaskQuery) async throws -> [WorkflowTask] {
            var query = query
            var items: [WorkflowTask] = []
            for _ in 0..<20 {
                let page = try await store.tasks(query)
                #expect(page.items.count <= query.page.limit)
                items += page.items
                guard let token = page.nextToken else { return items }
                query.page.token = token
            }
            Issue.record("paging did not end")
            return items
        }
        #expect(try await list(TaskQuery(page: PageRequest(limit: 5))) == newestFirst)
        #expect(try await list(TaskQuery(page: PageRequest(limit: 100))) == newestFirst)
        #expect(try await list(TaskQuery(workflowID: first.id, page: PageRequest(limit: 3)))
                == newestFirst.filter { $0.workflowID == first.id })
        #expect(try await list(TaskQuery(status: .canceled, page: PageRequest(limit: 2)))
                == newestFirst.filter { $0.status == .canceled })
        #expect(try await list(TaskQuery(workflowID: second.id, status: .initial, page: PageRequest(limit: 1)))
                == newestFirst.filter { $0.workflowID == second.id && $0.status == .initial })
        #expect(try await list(TaskQuery(workflowID: WorkflowID.generate())).isEmpty)

        let firstPage = try await store.tasks(TaskQuery(page: PageRequest(limit: 13)))
        #expect(firstPage.items.count == 13)
        #expect(firstPage.nextToken == nil)

        for bad in ["garbage!", "dGVzdA=="] {
            let error = await #expect(throws: FloeError.self) {
                _ = try await store.tasks(TaskQuery(page: PageRequest(limit: 5, token: bad)))
            }
            #expect(error?.code == .invalidParameter)
        }
    }
}

extension Sequence where Element: Sendable {
    /// Maps each element in turn with an async function.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
