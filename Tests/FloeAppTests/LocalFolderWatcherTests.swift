import FloeApp
import FloeCore
import FloeEngine
import FloeStorage
import FloeTesting
import Foundation
import Logging
import Testing

/// A ``TriggerBed`` with local buckets in a temporary folder and watchers over them, scanned at chosen instants.
struct WatcherBed {
    let bed: TriggerBed
    let folder = TemporaryFolder("watch")
    /// The buckets' folder.
    var root: URL { folder.url }
    static let settle: Duration = .seconds(2)

    init() throws {
        bed = try TriggerBed()
    }

    /// A new watcher over the folder and store, as after a restart.
    func watcher() -> LocalFolderWatcher {
        var logger = Logger(label: "watch-test")
        logger.logLevel = .critical
        return LocalFolderWatcher(root: root, trigger: bed.trigger,
                                  configuration: .init(pollInterval: .milliseconds(50), settleInterval: Self.settle), logger: logger)
    }

    /// The path of `key` in `bucket`, its folders made.
    func path(_ key: String, bucket: String = "uploads") throws -> URL {
        let url = root.appending(path: bucket).appending(path: key)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    /// Writes `count` bytes at `key`, replacing any file.
    func write(_ key: String, count: Int = 100, bucket: String = "uploads") throws {
        try Data(repeating: 7, count: count).write(to: try path(key, bucket: bucket))
    }

    /// Scans with `watcher` at `start + seconds` and returns the tasks it made.
    static func made(_ watcher: LocalFolderWatcher, at start: ContinuousClock.Instant, _ seconds: Double) async throws -> [TaskID] {
        try await watcher.scan(at: start + .milliseconds(Int(seconds * 1000))).filter(\.created).map(\.taskID)
    }
}

@Suite("LocalFolderWatcher: files landing in local buckets, taken once they stand still")
struct LocalFolderWatcherTests {
    @Test("a file copied slowly starts exactly one task, after the copy ends; a restart starts none")
    func slowCopy() async throws {
        let w = try WatcherBed()
        try await w.bed.template("auto", location: "oss://uploads/video/")
        let watcher = w.watcher()
        let start = ContinuousClock.now
        let file = try w.path("video/slow.mp4")
        try Data().write(to: file)
        let handle = try FileHandle(forWritingTo: file)
        // Ten chunks, one every half second of scan time: the copy lasts 5 s, longer than the 2 s settle interval.
        for chunk in 0..<10 {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(repeating: UInt8(chunk), count: 4096))
            try handle.synchronize()
            let early = try await WatcherBed.made(watcher, at: start, Double(chunk) * 0.5)
            #expect(early.isEmpty, "chunk \(chunk)")
        }
        try handle.close()
        let found2 = try await WatcherBed.made(watcher, at: start, 6)
        #expect(found2.isEmpty, "the last chunk has not stood still long enough")
        let made = try await WatcherBed.made(watcher, at: start, 7)
        #expect(made.count == 1)
        let found3 = try await WatcherBed.made(watcher, at: start, 10)
        #expect(found3.isEmpty)
        #expect(try await w.bed.tasks().map(\.id) == made)

        // A new watcher over the same store and folder, as after a restart: its rescan starts nothing.
        let restarted = w.watcher()
        let again = ContinuousClock.now
        let found4 = try await WatcherBed.made(restarted, at: again, 0)
        #expect(found4.isEmpty)
        let repeated = try await restarted.scan(at: again + .seconds(3))
        #expect(repeated.map(\.created) == [false] && repeated.map(\.taskID) == made)
        #expect(try await w.bed.tasks().count == 1)
    }

    @Test("a file that landed while no watcher took it (the server was killed) starts its task on the next start")
    func landedWhileDown() async throws {
        let w = try WatcherBed()
        try await w.bed.template("auto", location: "oss://uploads/")
        try w.write("a.mp4")
        // The first watcher sees the file but is gone before it settles.
        let first = w.watcher()
        let start = ContinuousClock.now
        let seen = try await WatcherBed.made(first, at: start, 0)
        #expect(seen.isEmpty)
        let next = w.watcher()
        _ = try await WatcherBed.made(next, at: start, 10)
        let taken = try await WatcherBed.made(next, at: start, 13)
        #expect(taken.count == 1)
        #expect(try await w.bed.tasks().count == 1)
    }

    @Test("a re-written file (new size and mtime) starts a new task")
    func rewrite() async throws {
        let w = try WatcherBed()
        try await w.bed.template("auto", location: "oss://uploads/")
        let watcher = w.watcher()
        let start = ContinuousClock.now
        try w.write("a.mp4", count: 100)
        _ = try await WatcherBed.made(watcher, at: start, 0)
        let found5 = try await WatcherBed.made(watcher, at: start, 3)
        #expect(found5.count == 1)
        try w.write("a.mp4", count: 200)
        _ = try await WatcherBed.made(watcher, at: start, 4)
        let found6 = try await WatcherBed.made(watcher, at: start, 7)
        #expect(found6.count == 1)
        #expect(try await w.bed.tasks().count == 2)
    }

    @Test("text, images, hidden and partial files, links and files outside bound locations never trigger")
    func ignored() async throws {
        let w = try WatcherBed()
        try await w.bed.template("auto", location: "oss://uploads/in/")
        for key in ["in/a.txt", "in/b.jpg", "in/.c.mp4", "in/.hidden/d.mp4", "in/e.mp4.tmp", "out/f.mp4", "g.mp4"] {
            try w.write(key)
        }
        try w.write("h.mp4", bucket: "other")
        try FileManager.default.createDirectory(at: w.root.appending(path: ".tmp"), withIntermediateDirectories: true)
        try Data(count: 10).write(to: w.root.appending(path: ".tmp/i.mp4"))
        let target = try w.path("linked.mp4", bucket: "other")
        try Data(count: 10).write(to: target)
        try FileManager.default.createSymbolicLink(at: try w.path("in/link.mp4"), withDestinationURL: target)
        let watcher = w.watcher()
        let start = ContinuousClock.now
        _ = try await WatcherBed.made(watcher, at: start, 0)
        let found7 = try await WatcherBed.made(watcher, at: start, 5)
        #expect(found7.isEmpty)
        #expect(try await w.bed.tasks().isEmpty)
    }

    @Test("an output Floe writes inside a bound location never triggers")
    func outputs() async throws {
        let w = try WatcherBed()
        try await w.bed.template("auto", location: "oss://uploads/")
        // A writer records the output before the file exists, as the application's activities do.
        try await w.bed.store.recordOutput(try StorageLocation(parsing: "oss://uploads/out/720p.mp4"), now: Date())
        try w.write("out/720p.mp4")
        let watcher = w.watcher()
        let start = ContinuousClock.now
        _ = try await WatcherBed.made(watcher, at: start, 0)
        let found8 = try await WatcherBed.made(watcher, at: start, 5)
        #expect(found8.isEmpty)
        #expect(try await w.bed.tasks().isEmpty)
    }

    @Test("two matching templates, test and test1: a file in test1/ starts two tasks, scanned once")
    func twoTemplates() async throws {
        let w = try WatcherBed()
        let test = try await w.bed.template("test", location: "oss://uploads/test")
        let test1 = try await w.bed.template("test1", location: "oss://uploads/test1")
        try w.write("test1/clip.mp4")
        let watcher = w.watcher()
        let start = ContinuousClock.now
        _ = try await WatcherBed.made(watcher, at: start, 0)
        let found9 = try await WatcherBed.made(watcher, at: start, 3)
        #expect(found9.count == 2)
        #expect(Set(try await w.bed.tasks().map(\.workflowID)) == [test.id, test1.id])
    }

    @Test("as a service: a file dropped in a watched folder starts its task")
    func service() async throws {
        let w = try WatcherBed()
        try await w.bed.template("auto", location: "oss://uploads/")
        var logger = Logger(label: "watch-test")
        logger.logLevel = .critical
        let watcher = LocalFolderWatcher(root: w.root, trigger: w.bed.trigger,
                                         configuration: .init(pollInterval: .milliseconds(20), settleInterval: .milliseconds(100)),
                                         logger: logger)
        try w.write("drop.mp4")
        try await whileRunning([watcher]) {
            try await eventually("the dropped file starts a task") { try await w.bed.tasks().count == 1 }
        }
    }

    @Test("a file stored through Floe (an upload's event, versioned by its ETag) and then scanned starts one task")
    func anUploadAndAScanOfTheSameFileAgree() async throws {
        let w = try WatcherBed()
        try await w.bed.template("auto", location: "oss://uploads/video/")
        let objects = try FileSystemObjectStore(root: w.root)
        let location = try StorageLocation(parsing: "oss://uploads/video/up.mp4")
        let info = try await objects.put(location, data: Data(repeating: 1, count: 500))
        let uploaded = try await w.bed.trigger.handle(
            ObjectEvent(location: location, version: info.etag, size: info.size, modifiedTime: info.modifiedTime))
        #expect(uploaded.filter(\.created).count == 1)
        let watcher = w.watcher()
        let start = ContinuousClock.now
        let first = try await WatcherBed.made(watcher, at: start, 0)
        let settled = try await WatcherBed.made(watcher, at: start, 3)
        #expect(first.isEmpty && settled.isEmpty, "the scan names the version the upload did")
        #expect(try await w.bed.tasks().count == 1)
    }
}
