import Foundation
import Testing

/// `scripts/throwaway-postgres.sh`: a PostgreSQL server of a test's own, in a folder of its own, that the test may
/// stop and start again (an outage), unlike the shared ``PostgresServer``.
public enum ThrowawayPostgres {
    static let script = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appending(path: "scripts/throwaway-postgres.sh").path

    /// Runs the script with `arguments` (`start|pause|resume|stop FOLDER`); returns its standard output, trimmed
    /// (the URL, for `start`). A failure is recorded as an issue.
    @discardableResult
    public static func run(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(filePath: "/bin/bash")
        process.arguments = [script] + arguments
        process.standardOutput = pipe
        try process.run()
        let output = await ProcessOutput.readToEnd(pipe.fileHandleForReading)
        await ProcessOutput.waitForExit(process)
        #expect(process.terminationStatus == 0, "throwaway-postgres.sh \(arguments.joined(separator: " "))",
                sourceLocation: sourceLocation)
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Starts a server in a new temporary folder and runs `body` with its URL and folder (to `pause` and `resume`
    /// it); then stops the server and removes the folder, also when `body` throws.
    public static func withServer<Result>(sourceLocation: SourceLocation = #_sourceLocation,
                                          _ body: (_ url: String, _ folder: String) async throws -> Result) async throws -> Result {
        let folder = TemporaryFolder("throwaway-pg")
        let server = folder.appending(path: "server").path
        let url = try await run("start", server, sourceLocation: sourceLocation)
        do {
            let result = try await body(url, server)
            try await run("stop", server, sourceLocation: sourceLocation)
            return result
        } catch {
            _ = try? await run("stop", server, sourceLocation: sourceLocation)
            throw error
        }
    }
}
