import FloeCore
import FloeEngine
import Foundation
import Testing

extension WorkflowStoreConformance {
    /// The trigger ledger and output cases, listed in ``cases``.
    static let triggerCases: [Case] = [
        Case("triggers: a duplicate event makes one task, on a new oss media asset", triggerDuplicate),
        Case("triggers: 8 concurrent duplicate events make one task", triggerConcurrent),
        Case("triggers: a new version makes a new task on the same media asset", triggerNewVersion),
        Case("triggers: each account's template gets its own task and media asset", triggerIsolation),
        Case("outputs: recorded and listed outputs are outputs; sources are not", outputsRecorded),
        Case("templates: the generation changes on every save and delete", templateGenerationChanges),
    ]

    /// A task of `template` on the OSS file `location`, with the media asset a trigger would register for it.
    static func triggered(_ template: WorkflowTemplate, _ location: StorageLocation,
                          at time: Date = Samples.epoch) -> (task: WorkflowTask, media: MediaAsset) {
        let account = template.accountID ?? Samples.account
        let media = MediaAsset(accountID: account, inputURL: location, mediaType: "video", title: location.fileName,
                               createTime: time, files: [MediaFile(location: location, fileType: .sourceFile)])
        let task = WorkflowTask(accountID: account, workflowID: template.id, workflowName: template.name, topology: template.topology,
                                input: .oss(location), mediaID: media.id, createTime: time)
        return (task, media)
    }

    static func triggerDuplicate(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        try await store.saveTemplate(template)
        let file = Samples.location("in/a.mp4")
        let first = triggered(template, file)
        let made = try await store.createTriggeredTask(first.task, media: first.media, version: "v1", now: Samples.epoch)
        #expect(made == TriggeredTask(taskID: first.task.id, created: true))
        let again = triggered(template, file, at: Samples.time(5))
        let repeated = try await store.createTriggeredTask(again.task, media: again.media, version: "v1", now: Samples.time(5))
        #expect(repeated == TriggeredTask(taskID: first.task.id, created: false))
        #expect(try await store.task(again.task.id) == nil)
        #expect(try await store.media(again.media.id) == nil)

        let tasks = try await store.tasks(TaskQuery(page: PageRequest(limit: 100))).items
        #expect(tasks.map(\.id) == [first.task.id])
        let media = try #require(await store.media(inputURL: file, accountID: Samples.account))
        #expect(media.id == first.media.id && media.source == MediaAsset.ossSource)
        #expect(tasks.first?.mediaID == media.id && tasks.first?.input == .oss(file))
        // The task is ready to run like any other.
        try await claim(["a"], in: store, at: Samples.time(1))

        // A task whose input is not its media asset's file is refused.
        var wrong = triggered(template, Samples.location("in/b.mp4"))
        wrong.media.inputURL = Samples.location("in/c.mp4")
        let error = await #expect(throws: FloeError.self) {
            try await store.createTriggeredTask(wrong.task, media: wrong.media, version: "v1", now: Samples.epoch)
        }
        #expect(error?.code == .invalidParameter)
        for version in ["", String(repeating: "v", count: 257)] {
            let next = triggered(template, Samples.location("in/d.mp4"))
            let refused = await #expect(throws: FloeError.self) {
                try await store.createTriggeredTask(next.task, media: next.media, version: version, now: Samples.epoch)
            }
            #expect(refused?.code == .invalidParameter)
        }
    }

    static func triggerConcurrent(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        try await store.saveTemplate(template)
        let file = Samples.location("in/busy.mov")
        let results = try await withThrowingTaskGroup(of: TriggeredTask.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let event = triggered(template, file)
                    return try await store.createTriggeredTask(event.task, media: event.media, version: "etag-1", now: Samples.epoch)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter(\.created).count == 1)
        #expect(Set(results.map(\.taskID)).count == 1)
        #expect(try await store.tasks(TaskQuery(page: PageRequest(limit: 100))).items.count == 1)
        #expect(try await store.mediaCount(MediaQuery()) == 1)
    }

    static func triggerNewVersion(_ store: any WorkflowStore) async throws {
        let template = Samples.template()
        try await store.saveTemplate(template)
        let file = Samples.location("in/a.mp4")
        let first = triggered(template, file)
        let one = try await store.createTriggeredTask(first.task, media: first.media, version: "100-1", now: Samples.epoch)
        let second = triggered(template, file, at: Samples.time(1))
        let two = try await store.createTriggeredTask(second.task, media: second.media, version: "200-2", now: Samples.time(1))
        #expect(one.created && two.created && one.taskID != two.taskID)
        #expect(try await store.task(two.taskID)?.mediaID == first.media.id, "the asset registered first is reused")
        #expect(try await store.media(second.media.id) == nil)
        // Another template on the same version is its own task.
        let other = Samples.template(name: "other")
        try await store.saveTemplate(other)
        let third = triggered(other, file)
        let three = try await store.createTriggeredTask(third.task, media: third.media, version: "200-2", now: Samples.time(2))
        #expect(three.created)
        #expect(try await store.tasks(TaskQuery(page: PageRequest(limit: 100))).items.count == 3)
    }

    static func triggerIsolation(_ store: any WorkflowStore) async throws {
        let mine = Samples.template(accountID: Samples.account)
        let theirs = Samples.template(accountID: Samples.otherAccount)
        try await store.saveTemplate(mine)
        try await store.saveTemplate(theirs)
        let file = Samples.location("shared/a.mp4")
        // The other account registered the file already; this account's task must not use that asset.
        let registered = Samples.media(accountID: Samples.otherAccount, input: file)
        try await store.createMedia(registered)

        let a = triggered(mine, file)
        let b = triggered(theirs, file)
        let madeA = try await store.createTriggeredTask(a.task, media: a.media, version: "v", now: Samples.epoch)
        let madeB = try await store.createTriggeredTask(b.task, media: b.media, version: "v", now: Samples.epoch)
        #expect(madeA.created && madeB.created)
        let taskA = try #require(await store.task(madeA.taskID))
        let taskB = try #require(await store.task(madeB.taskID))
        #expect(taskA.accountID == Samples.account && taskA.mediaID == a.media.id)
        #expect(taskB.accountID == Samples.otherAccount && taskB.mediaID == registered.id)
        #expect(try await store.media(a.media.id)?.accountID == Samples.account)
        #expect(try await store.tasks(TaskQuery(accountID: Samples.account)).items.map(\.id) == [madeA.taskID])
        #expect(try await store.tasks(TaskQuery(accountID: Samples.otherAccount)).items.map(\.id) == [madeB.taskID])

        // A task and media asset of two accounts are refused.
        var mixed = triggered(mine, Samples.location("shared/b.mp4"))
        mixed.media.accountID = Samples.otherAccount
        let error = await #expect(throws: FloeError.self) {
            try await store.createTriggeredTask(mixed.task, media: mixed.media, version: "v", now: Samples.epoch)
        }
        #expect(error?.code == .invalidParameter)
    }

    static func outputsRecorded(_ store: any WorkflowStore) async throws {
        let written = Samples.location("out/a.mp4", bucket: "outputs")
        #expect(try await !store.isOutput(written))
        try await store.recordOutput(written, now: Samples.epoch)
        try await store.recordOutput(written, now: Samples.time(1))
        #expect(try await store.isOutput(written))
        #expect(try await !store.isOutput(Samples.location("out/a.mp4")), "another bucket")
        #expect(try await !store.isOutput(Samples.location("out/a.mp", bucket: "outputs")), "a prefix is not the file")

        // An activity's output listed in a media asset is one; the asset's source file is not.
        let task = try await makeTask(in: store)
        let output = Samples.output("listed/b.mp4", activity: "a")
        let run = try #require(try await claim(["a"], in: store, at: Samples.time(1)).first)
        let completed = try await store.complete(run.id, owner: "w1", outcome: succeeded([output]), now: Samples.time(2))
        #expect(completed)
        #expect(try await store.isOutput(output.location))
        let media = try #require(await store.media(task.mediaID))
        #expect(try await !store.isOutput(media.inputURL))
    }

    static func templateGenerationChanges(_ store: any WorkflowStore) async throws {
        var generations = [try await store.templateGeneration()]
        var template = Samples.template()
        try await store.saveTemplate(template)
        generations.append(try await store.templateGeneration())
        template.status = .inactive
        try await store.saveTemplate(template)
        generations.append(try await store.templateGeneration())
        #expect(try await store.templateGeneration() == generations.last, "reading changes nothing")
        let deleted = try await store.deleteTemplate(template.id)
        #expect(deleted)
        generations.append(try await store.templateGeneration())
        #expect(Set(generations).count == 4)
    }
}
