import Foundation

/// A new folder `floe-<purpose>-<UUID>` under the system's temporary folder, removed with all it holds when this
/// goes away: a test or harness keeps one for as long as it (or a process it started) uses the folder.
public final class TemporaryFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Makes the folder; should that fail, the first use of it fails instead.
    public init(_ purpose: String) {
        url = FileManager.default.temporaryDirectory.appending(path: "floe-\(purpose)-\(UUID().uuidString)", directoryHint: .isDirectory)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// The folder's path.
    public var path: String { url.path }

    /// `path` inside the folder (not made).
    public func appending(path: String, directoryHint: URL.DirectoryHint = .inferFromPath) -> URL {
        url.appending(path: path, directoryHint: directoryHint)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a new ``TemporaryFolder`` (`floe-test-<UUID>`), removed afterwards.
public func withTemporaryFolder<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
    let folder = TemporaryFolder("test")
    defer { withExtendedLifetime(folder) {} }
    return try await body(folder.url)
}
