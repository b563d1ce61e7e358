import FloeEngine
import FloeMedia
import FloeTesting
import Foundation
import Synchronization
import Testing

@Suite struct ProbeCacheTests {
    /// Files of its own in a folder removed with it.
    struct Scratch {
        let folder = TemporaryFolder("probe-cache")

        func file(_ name: String, _ text: String) throws -> URL {
            let url = folder.appending(path: name)
            try text.write(to: url, atomically: false, encoding: .utf8)
            return url
        }

        /// The cache's key (for a tool named `ffprobe`) of a new file `name` holding `text`.
        func key(_ name: String, _ text: String) throws -> ProbeCache.Key {
            try #require(ProbeCache.Key(tool: "ffprobe", path: try file(name, text).path))
        }
    }

    /// A probe that counts its runs and waits for `release` before it answers.
    final class Gate: Sendable {
        private let runCount = Atomic<Int>(0)
        private let wasCancelled = Atomic<Bool>(false)
        private let stream: AsyncStream<Void>
        private let continuation: AsyncStream<Void>.Continuation

        init() {
            (stream, continuation) = AsyncStream.makeStream()
        }

        func probe(answer: String) -> @Sendable () async throws -> String {
            { [self] in
                runCount.add(1, ordering: .relaxed)
                for await _ in stream { return answer }
                wasCancelled.store(true, ordering: .relaxed)
                throw CancellationError()
            }
        }

        /// How many times the probe ran.
        var runs: Int { runCount.load(ordering: .relaxed) }
        /// Whether a run was cancelled while it waited.
        var cancelled: Bool { wasCancelled.load(ordering: .relaxed) }

        func release() { continuation.yield() }
        func end() { continuation.finish() }
    }

    @Test func callersOfOneFileShareOneProbeAndLaterOnesItsReading() async throws {
        let scratch = Scratch()
        let key = try scratch.key("a.mp4", "one")
        let cache = ProbeCache()
        let gate = Gate()
        let answers = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await cache.reading(of: key, probe: gate.probe(answer: "{}")) } }
            while cache.probesStarted == 0 { await Task.yield() }
            try await Task.sleep(for: .milliseconds(50))  // let the other callers join
            gate.release()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == Array(repeating: "{}", count: 8))
        #expect(try await cache.reading(of: key, probe: { Issue.record("probed again"); return "" }) == "{}")
        #expect(gate.runs == 1)
        #expect(cache.probesStarted == 1)
    }

    @Test func aFileWrittenAgainIsANewFile() async throws {
        let scratch = Scratch()
        let file = try scratch.file("a.mp4", "one")
        let cache = ProbeCache()
        let first = try #require(ProbeCache.Key(tool: "ffprobe", path: file.path))
        #expect(try await cache.reading(of: first, probe: { "first" }) == "first")
        try "a longer text".write(to: file, atomically: true, encoding: .utf8)
        let second = try #require(ProbeCache.Key(tool: "ffprobe", path: file.path))
        #expect(first != second)
        #expect(try await cache.reading(of: second, probe: { "second" }) == "second")
        #expect(ProbeCache.Key(tool: "other-ffprobe", path: file.path) != second, "another ffprobe reads it anew")
        #expect(ProbeCache.Key(tool: "ffprobe", path: scratch.folder.path) == nil, "a folder is not cached")
        #expect(ProbeCache.Key(tool: "ffprobe", path: scratch.folder.appending(path: "missing").path) == nil)
    }

    @Test func aFailureIsNotKept() async throws {
        let scratch = Scratch()
        let key = try scratch.key("a.mp4", "one")
        let cache = ProbeCache()
        await #expect(throws: ActivityError.self) {
            try await cache.reading(of: key) { throw ActivityError(.processKilled, "killed", transient: true) }
        }
        #expect(try await cache.reading(of: key, probe: { "{}" }) == "{}")
        #expect(cache.probesStarted == 2)
    }

    @Test func keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() async throws {
        let scratch = Scratch()
        let keys = try (0..<3).map { try scratch.key("\($0).mp4", "\($0)") }
        let cache = ProbeCache(capacity: 2)
        _ = try await cache.reading(of: keys[0]) { "0" }
        _ = try await cache.reading(of: keys[1]) { "1" }
        _ = try await cache.reading(of: keys[0]) { "not kept" }  // 0 is now the most recently used
        _ = try await cache.reading(of: keys[2]) { "2" }  // drops 1
        #expect(try await cache.reading(of: keys[0]) { "dropped" } == "0")
        #expect(try await cache.reading(of: keys[1]) { "probed again" } == "probed again")
        #expect(cache.probesStarted == 4)
    }

    @Test(.timeLimit(.minutes(1))) func aCancelledCallerStopsWaitingAndTheLastOneStopsTheProbe() async throws {
        let scratch = Scratch()
        let key = try scratch.key("a.mp4", "one")
        let cache = ProbeCache()
        let gate = Gate()
        let first = Task { try await cache.reading(of: key, probe: gate.probe(answer: "{}")) }
        while cache.probesStarted == 0 { await Task.yield() }
        let second = Task { try await cache.reading(of: key, probe: gate.probe(answer: "not run")) }
        while cache.callersWaiting < 2 { await Task.yield() }

        first.cancel()
        await #expect(throws: CancellationError.self) { try await first.value }
        #expect(!gate.cancelled, "another caller still waits: the probe goes on")

        second.cancel()
        await #expect(throws: CancellationError.self) { try await second.value }
        while !gate.cancelled { await Task.yield() }  // the time limit fails the test otherwise
        #expect(gate.runs == 1)

        // Nothing was kept: the next caller probes.
        #expect(try await cache.reading(of: key, probe: { "again" }) == "again")
        gate.end()
    }

    @Test func aCopyJoinsTheProbeOfItsOriginalAndKeepsItsReading() async throws {
        let scratch = Scratch()
        let original = try scratch.key("a.mp4", "one")
        let copy = try scratch.key("b.mp4", "one")
        let cache = ProbeCache()
        let gate = Gate()
        let first = Task { try await cache.reading(of: original, probe: gate.probe(answer: "{}")) }
        while cache.probesStarted == 0 { await Task.yield() }
        cache.share(original, with: copy)
        #expect(cache.source(of: copy) == original)
        let second = Task { try await cache.reading(of: copy, probe: { Issue.record("the copy was probed"); return "" }) }
        while cache.callersWaiting < 2 { await Task.yield() }
        gate.release()
        #expect(try await first.value == "{}")
        #expect(try await second.value == "{}")
        #expect(try await cache.reading(of: copy, probe: { Issue.record("probed again"); return "" }) == "{}")
        #expect(cache.probesStarted == 1)
    }

    /// With no reading of the original, the copy is probed; the same bytes, its reading serves the original too.
    /// A copy written again is a new file, which shares nothing.
    @Test func aCopyWithoutAReadingIsProbedForBoth() async throws {
        let scratch = Scratch()
        let original = try scratch.key("a.mp4", "one")
        let copyFile = try scratch.file("b.mp4", "one")
        let copy = try #require(ProbeCache.Key(tool: "ffprobe", path: copyFile.path))
        let cache = ProbeCache()
        cache.share(original, with: copy)
        #expect(try await cache.reading(of: copy, probe: { "copy" }) == "copy")
        #expect(try await cache.reading(of: original, probe: { "original" }) == "copy")
        try "another text".write(to: copyFile, atomically: true, encoding: .utf8)
        let rewritten = try #require(ProbeCache.Key(tool: "ffprobe", path: copyFile.path))
        #expect(try await cache.reading(of: rewritten, probe: { "rewritten" }) == "rewritten")
        #expect(cache.probesStarted == 2)
    }

    @Test func remembersAtMostItsCapacityOfCopies() async throws {
        let scratch = Scratch()
        let keys = try (0..<4).map { try scratch.key("\($0).mp4", "\($0)") }
        let cache = ProbeCache(capacity: 2)
        cache.share(keys[0], with: keys[1])
        cache.share(keys[0], with: keys[2])
        cache.share(keys[0], with: keys[3])  // forgets the first copy
        #expect(cache.source(of: keys[1]) == nil)
        #expect(cache.source(of: keys[2]) == keys[0] && cache.source(of: keys[3]) == keys[0])
        cache.share(keys[0], with: keys[0])
        #expect(cache.source(of: keys[0]) == nil, "a file is not its own copy")
    }

    /// The preparer and every activity reading a task's input ask ffprobe about the same file, often at once:
    /// through the shared cache, ffprobe runs once (counted by a wrapper that logs each run).
    @Test func ffprobeRunsOnceForAFileAskedAboutManyTimes() async throws {
        let scratch = Scratch()
        let wrapper = try LoggingTool("ffprobe", in: scratch.folder.url)

        let clip = try await MediaFixtures.clip(seconds: 1, width: 160, height: 90)
        let ffprobe = FFprobe(configuration: FFmpegConfiguration(ffprobePath: wrapper.path), cache: ProbeCache())
        let widths = try await withThrowingTaskGroup(of: String?.self) { group in
            for index in 0..<3 {
                group.addTask { try await ffprobe.probe(clip, name: "oss://in/\(index).mp4").info.fileBasicInfo.width }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let later = try await ffprobe.probe(clip, name: "oss://in/later.mp4")
        #expect(widths == ["160", "160", "160"])
        #expect(later.info.fileBasicInfo.fileName == "later.mp4", "each caller names the file its own way")
        #expect(wrapper.runs.count == 1)

        let uncached = FFprobe(configuration: FFmpegConfiguration(ffprobePath: wrapper.path), cache: nil)
        _ = try await uncached.probe(clip, name: "oss://in/clip.mp4")
        #expect(wrapper.runs.count == 2)
    }
}
