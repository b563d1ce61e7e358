import FloeCore
import FloeEngine
import FloeStoreSQLite
import FloeTesting
import Foundation
import Testing

/// A store with templates to trigger, and a ``Trigger`` on it.
struct TriggerBed {
    let store: SQLiteWorkflowStore
    let trigger: Trigger

    init(access: any BucketAccessPolicy = OpenBucketAccess()) throws {
        store = try SQLiteWorkflowStore.temporary()
        trigger = Trigger(store: store, access: access)
    }

    /// Saves a template `Start -> probe -> End` bound to `location`, `Automatic` unless told, of `account`.
    @discardableResult
    func template(_ name: String, location: String, mode: String = "Automatic", status: WorkflowTemplate.Status = .active,
                  account: AccountID = Samples.account, savedAt: Date = Date()) async throws -> WorkflowTemplate {
        let text = """
            Name: \(name)
            Activities:
              Start: {Type: Start, Parameters: {InputLocation: "\(location)", TriggerMode: \(mode)}}
              probe: {Type: MediaInfo}
              End: {Type: End}
            Dependencies: {Start: [probe], probe: [End]}
            """
        var template = WorkflowTemplate(document: try TemplateDocument.parse(text), accountID: account, now: savedAt)
        template.status = status
        try await store.saveTemplate(template)
        return template
    }

    /// An event for `location` (an `oss://` URL) of `version`, landed `at`.
    static func event(_ location: String, version: String = "v1", at time: Date = Date()) throws -> ObjectEvent {
        ObjectEvent(location: try StorageLocation(parsing: location), version: version, size: 1, modifiedTime: time)
    }

    func tasks() async throws -> [WorkflowTask] {
        try await store.tasks(TaskQuery(page: PageRequest(limit: 100))).items
    }
}

@Suite("Trigger: which files start which workflows, once")
struct TriggerTests {
    @Test("an Active Automatic template bound to the location starts one task per media file; its input is an oss media asset")
    func startsMatchingTemplates() async throws {
        let bed = try TriggerBed()
        let auto = try await bed.template("auto", location: "oss://uploads/video/")
        try await bed.template("manual", location: "oss://uploads/video/", mode: "Manual")
        try await bed.template("inactive", location: "oss://uploads/video/", status: .inactive)
        try await bed.template("elsewhere", location: "oss://uploads/audio/")

        let started = try await bed.trigger.handle(TriggerBed.event("oss://uploads/video/a.mp4"))
        #expect(started.count == 1 && started.allSatisfy(\.created))
        let first = try #require(started.first)
        let task = try #require(await bed.store.task(first.taskID))
        let file = try StorageLocation(parsing: "oss://uploads/video/a.mp4")
        #expect(task.workflowID == auto.id && task.accountID == Samples.account && task.input == .oss(file))
        let media = try #require(await bed.store.media(task.mediaID))
        #expect(media.inputURL == file && media.source == MediaAsset.ossSource && media.accountID == Samples.account)
        #expect(media.files.map(\.fileType) == [.sourceFile])
    }

    @Test("only media files trigger: no extension, or a video or audio one in any case", arguments: [
        ("a.mp4", true), ("a.MOV", true), ("b.FlAc", true), ("take", true), ("dir/clip.webm", true),
        ("a.txt", false), ("a.jpg", false), ("a.JPG", false), ("a.", false), ("a.mp4.part", false), ("a.tmp", false),
    ])
    func mediaOnly(name: String, triggers: Bool) async throws {
        let bed = try TriggerBed()
        try await bed.template("auto", location: "oss://uploads/")
        let started = try await bed.trigger.handle(TriggerBed.event("oss://uploads/\(name)"))
        #expect(started.count == (triggers ? 1 : 0))
        #expect(try await bed.tasks().count == (triggers ? 1 : 0))
    }

    @Test("the seed's note: rules …/test and …/test1 both start a task for a file in test1/")
    func prefixNote() async throws {
        let bed = try TriggerBed()
        let test = try await bed.template("test", location: "oss://uploads/test")
        let test1 = try await bed.template("test1", location: "oss://uploads/test1")
        try await bed.trigger.handle(TriggerBed.event("oss://uploads/test1/clip.mp4"))
        #expect(Set(try await bed.tasks().map(\.workflowID)) == [test.id, test1.id])
        try await bed.trigger.handle(TriggerBed.event("oss://uploads/test/clip.mp4"))
        #expect(try await bed.tasks().filter { $0.workflowID == test1.id }.count == 1)
        #expect(try await bed.tasks().count == 3)
    }

    @Test("a duplicate event starts nothing more; a new version starts a new task")
    func exactlyOnce() async throws {
        let bed = try TriggerBed()
        try await bed.template("auto", location: "oss://uploads/")
        let first = try await bed.trigger.handle(TriggerBed.event("oss://uploads/a.mp4", version: "etag-1"))
        let again = try await bed.trigger.handle(TriggerBed.event("oss://uploads/a.mp4", version: "etag-1"))
        #expect(first.map(\.created) == [true] && again.map(\.created) == [false])
        #expect(first.map(\.taskID) == again.map(\.taskID))
        let next = try await bed.trigger.handle(TriggerBed.event("oss://uploads/a.mp4", version: "etag-2"))
        #expect(next.map(\.created) == [true])
        #expect(try await bed.tasks().count == 2)
    }

    @Test("files Floe writes never trigger, even inside a bound location")
    func outputsNeverTrigger() async throws {
        let bed = try TriggerBed()
        try await bed.template("auto", location: "oss://uploads/")
        let output = try StorageLocation(parsing: "oss://uploads/out/rendition.mp4")
        try await bed.store.recordOutput(output, now: Date())
        let started = try await bed.trigger.handle(TriggerBed.event(output.description))
        #expect(started.isEmpty)
        #expect(try await bed.tasks().isEmpty)
    }

    @Test("a template does not sweep files that landed before it was saved")
    func olderFilesDoNotTrigger() async throws {
        let bed = try TriggerBed()
        let saved = Date()
        try await bed.template("auto", location: "oss://uploads/", savedAt: saved)
        let old = try TriggerBed.event("oss://uploads/old.mp4", at: saved.addingTimeInterval(-Trigger.clockSlack - 60))
        let none = try await bed.trigger.handle(old)
        #expect(none.isEmpty)
        let justBefore = try TriggerBed.event("oss://uploads/new.mp4", at: saved.addingTimeInterval(-1))
        let one = try await bed.trigger.handle(justBefore)
        #expect(one.count == 1, "within the clock slack")
    }

    @Test("the index follows template saves and deletes")
    func indexFollowsTemplates() async throws {
        let bed = try TriggerBed()
        let before = try await bed.trigger.handle(TriggerBed.event("oss://uploads/a.mp4"))
        #expect(before.isEmpty)
        let late = try await bed.template("late", location: "oss://uploads/", savedAt: Date().addingTimeInterval(-10))
        let after = try await bed.trigger.handle(TriggerBed.event("oss://uploads/a.mp4"))
        #expect(after.count == 1)
        let deleted = try await bed.store.deleteTemplate(late.id)
        #expect(deleted)
        let gone = try await bed.trigger.handle(TriggerBed.event("oss://uploads/b.mp4"))
        #expect(gone.isEmpty)
        #expect(try await bed.trigger.bindings().isEmpty)
    }

    @Test("a local file's event: version is LocalFileVersion; it landed at the later of mtime and ctime")
    func localFileEvent() throws {
        let location = try StorageLocation(parsing: "oss://uploads/a.mp4")
        let copied = ObjectEvent(location: location, inode: 42, size: 10, mtimeNanoseconds: 1_000_000_000_500, ctimeNanoseconds: 2_000_000_000_000)
        #expect(copied.version == LocalFileVersion.string(inode: 42, size: 10, mtimeNanoseconds: 1_000_000_000_500) && copied.size == 10)
        #expect(copied.modifiedTime == Date(timeIntervalSince1970: 2000), "a copy that kept an old mtime lands when copied")
        let rewritten = ObjectEvent(location: location, inode: 42, size: 10, mtimeNanoseconds: 3_000_000_000_000, ctimeNanoseconds: 3_000_000_000_000)
        #expect(rewritten.version != copied.version)
        let replaced = ObjectEvent(location: location, inode: 43, size: 10, mtimeNanoseconds: 1_000_000_000_500, ctimeNanoseconds: 2_000_000_000_000)
        #expect(replaced.version != copied.version, "a file replaced by rename is a new version even with the old mtime")
    }

    /// Lets only `allowed` use bucket `uploads`.
    struct OwnedBucket: BucketAccessPolicy {
        let allowed: AccountID
        func mayUse(account: AccountID, bucket: String) -> Bool { account == allowed }
    }

    @Test("each account's template starts its own task; a bucket policy limits which accounts may bind a bucket")
    func accounts() async throws {
        let open = try TriggerBed()
        try await open.template("mine", location: "oss://uploads/")
        try await open.template("theirs", location: "oss://uploads/", account: Samples.otherAccount)
        try await open.trigger.handle(TriggerBed.event("oss://uploads/a.mp4"))
        let tasks = try await open.tasks()
        #expect(Set(tasks.map(\.accountID)) == [Samples.account, Samples.otherAccount])
        for task in tasks {
            #expect(try await open.store.media(task.mediaID)?.accountID == task.accountID)
        }

        let owned = try TriggerBed(access: OwnedBucket(allowed: Samples.otherAccount))
        try await owned.template("mine", location: "oss://uploads/")
        try await owned.template("theirs", location: "oss://uploads/", account: Samples.otherAccount)
        try await owned.trigger.handle(TriggerBed.event("oss://uploads/a.mp4"))
        #expect(try await owned.tasks().map(\.accountID) == [Samples.otherAccount])
    }
}
