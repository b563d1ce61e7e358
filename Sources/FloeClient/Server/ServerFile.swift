import FloeCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `<data>/server.json`: where the `floe serve` of a data folder listens, so that client commands on the same
/// folder talk to it instead of opening the database behind its back.
///
/// `{"endpoint":"http://127.0.0.1:8080","pid":1234}`, written when the server listens (mode 0600, whole) and
/// removed when it stops gracefully. A file left by a server that was killed names a process that no longer
/// exists, and ``live(in:)`` ignores it.
public struct ServerFile: Codable, Hashable, Sendable {
    /// The file's name in the data folder.
    public static let fileName = "server.json"

    /// The server's base URL.
    public var endpoint: String
    /// The server's process id.
    public var pid: Int32

    /// The file of a server at `endpoint`, process `pid`.
    public init(endpoint: String, pid: Int32) {
        self.endpoint = endpoint
        self.pid = pid
    }

    /// The file of the data folder `dataDirectory`.
    public static func url(in dataDirectory: URL) -> URL {
        dataDirectory.appending(path: fileName)
    }

    /// The base URL clients use for a server listening on `host` and `port`: a wildcard address is reached
    /// on loopback, an IPv6 address goes in brackets.
    public static func endpoint(host: String, port: Int) -> String {
        let reachable = switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::", "[::]": "::1"
        default: host
        }
        let bracketed = reachable.contains(":") && !reachable.hasPrefix("[") ? "[\(reachable)]" : reachable
        return "http://\(bracketed):\(port)"
    }

    /// Whether the process ``pid`` exists (it may belong to another user).
    public var processExists: Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The file of `dataDirectory` when there is one, it is this user's and writable by nobody else (else
    /// anyone could send this user's signed requests elsewhere), it parses, and its process exists; else `nil`.
    public static func live(in dataDirectory: URL) -> ServerFile? {
        let path = url(in: dataDirectory).path
        var info = stat()
        guard stat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o022 == 0,
              let data = FileManager.default.contents(atPath: path),
              let file = try? JSONDecoder().decode(ServerFile.self, from: data), file.processExists
        else { return nil }
        return file
    }

    /// Writes this file into `dataDirectory`, whole and readable by its owner only.
    public func write(in dataDirectory: URL) throws {
        let text = String(decoding: try JSONCoding.encoder.encode(self), as: UTF8.self) + "\n"
        try PrivateFile.save(text, to: Self.url(in: dataDirectory))
    }

    /// Removes the file of `dataDirectory` if it is this one (same process): a server that stops does not
    /// remove the file of another server that started on the folder since.
    public func remove(from dataDirectory: URL) {
        let file = Self.url(in: dataDirectory)
        guard let data = FileManager.default.contents(atPath: file.path),
              let current = try? JSONDecoder().decode(ServerFile.self, from: data), current.pid == pid
        else { return }
        try? FileManager.default.removeItem(at: file)
    }
}
