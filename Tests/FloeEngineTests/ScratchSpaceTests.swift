import FloeEngine
import FloeTesting
import Foundation
import Testing

@Suite struct ScratchSpaceTests {
    let folder = TemporaryFolder("scratch")

    /// A process that runs until stopped with `path` on its command line, as an orphaned FFmpeg has its
    /// output path.
    func sleeper(_ path: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/tail")
        process.arguments = ["-F", path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func prepareStopsOrphansWritingIntoTheFolderAndEmptiesIt() async throws {
        let scratch = folder.appending(path: "run", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try Data("stale".utf8).write(to: scratch.appending(path: "0-720p.mp4"))
        let orphan = try sleeper(scratch.appending(path: "0-720p.mp4").path)
        let sibling = scratch.deletingLastPathComponent().appending(path: scratch.lastPathComponent + "-other/out.mp4")
        let bystander = try sleeper(sibling.path)  // a sibling folder whose name starts like this one
        defer { kill(bystander.processIdentifier, SIGKILL) }
        #expect(ScratchSpace.processes(using: scratch) == [orphan.processIdentifier])

        try ScratchSpace.prepare(scratch)
        try await eventually("the orphan is stopped", timeout: .seconds(10)) { !orphan.isRunning }
        #expect(orphan.terminationReason == .uncaughtSignal)
        #expect(bystander.isRunning)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
        ScratchSpace.remove(scratch)
        #expect(!FileManager.default.fileExists(atPath: scratch.path))
    }
}
