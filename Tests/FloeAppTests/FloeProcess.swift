import FloeTesting
import Foundation
import Testing

/// A `floe` process that a test starts from the binary built next to the tests, its output appended to a log
/// file; killed with SIGKILL when the test lets go of it still running, and waited for (up to 2 seconds), so that
/// the folder it works in, which the test holds longer, is removed after it.
final class FloeProcess: @unchecked Sendable {
    let process = Process()
    let log: URL

    /// The `floe` executable in the build folder the tests run from.
    static func binary() throws -> URL {
        let folder = Bundle.main.executableURL?.deletingLastPathComponent() ?? URL(filePath: CommandLine.arguments[0]).deletingLastPathComponent()
        let binary = [folder, folder.deletingLastPathComponent()].map { $0.appending(path: "floe") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(binary, "no floe executable next to the tests in \(folder.path); build it first (swift build --build-tests)")
    }

    /// Starts `floe` with `arguments`, its output appended to `log`; `environment` (with the test's own less
    /// `FLOE_` settings) when given.
    init(_ arguments: [String], log: URL, environment: [String: String]? = nil) throws {
        self.log = log
        process.executableURL = try Self.binary()
        process.arguments = arguments
        if let environment { process.environment = CommandLineTests.environment(environment) }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    /// What the process has written so far.
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The port that the log names once the process listens: `listener` is how the log line says so
    /// (`API listening`, or `health and metrics listening` in a process without the API role).
    func port(_ listener: String = "API listening", timeout: Duration = .seconds(90),
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        var port = 0
        try await eventually("\(log.lastPathComponent): \(listener)", timeout: timeout, sourceLocation: sourceLocation) {
            guard let match = logText.firstMatch(of: /port=(\d+) \[FloeCLI\] (.+)/.ignoresCase()),
                  match.2.hasPrefix(listener) else { return false }
            port = Int(match.1) ?? 0
            return true
        }
        return port
    }

    func signal(_ signal: Int32) { kill(pid, signal) }

    /// Stops the process with SIGTERM and waits for it to exit, with status 0 unless `expectingSuccess` is false.
    /// When it has not exited within `timeout`, records the end of its log and whether the process is still
    /// there (`kill(pid, 0)`), kills it, and throws.
    func terminate(timeout: Duration = .seconds(30), expectingSuccess: Bool = true,
                   sourceLocation: SourceLocation = #_sourceLocation) async throws {
        guard process.isRunning else { return }
        signal(SIGTERM)
        do {
            try await eventually("floe exits after SIGTERM", timeout: timeout, sourceLocation: sourceLocation) { !process.isRunning }
        } catch {
            let alive = kill(pid, 0) == 0
            Issue.record("\(log.lastPathComponent): pid \(pid) \(alive ? "still runs" : "is gone but not reaped"):\n\(logText.suffix(4000))",
                         sourceLocation: sourceLocation)
            signal(SIGKILL)
            throw error
        }
        if expectingSuccess {
            #expect(process.terminationReason == .exit && process.terminationStatus == 0,
                    "\(log.lastPathComponent) exits cleanly:\n\(logText.suffix(2000))", sourceLocation: sourceLocation)
        }
    }

    deinit {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        var waited = 0
        while process.isRunning && waited < 200 {
            usleep(10_000)
            waited += 1
        }
    }
}
