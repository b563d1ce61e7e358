import Foundation

/// The scratch folder of one activity run: `<scratch>/<TaskId>-<activity>`, the same for every attempt.
///
/// When a worker dies with `kill -9`, the FFmpeg it started lives on, writing into that folder. Before
/// a new attempt uses the folder, ``prepare(_:)`` stops every process whose command line names a path in
/// it (a local worker's orphans; on Linux, read from `/proc`), then empties it.
public enum ScratchSpace {
    /// Makes `folder` new and empty. When it is there already, an earlier attempt never removed it (its worker
    /// died), so first stops the stale processes using it. (Only then: reading every process's command line
    /// costs more than a no-op activity.)
    public static func prepare(_ folder: URL) throws {
        if FileManager.default.fileExists(atPath: folder.path) {
            for pid in processes(using: folder) { kill(pid, SIGKILL) }
            try? FileManager.default.removeItem(at: folder)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Removes `folder` and what it holds.
    public static func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Processes other than this one with an argument that is `folder` or a path inside it.
    public static func processes(using folder: URL) -> [pid_t] {
        let path = folder.standardizedFileURL.path
        let inside = path.hasSuffix("/") ? path : path + "/"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { entry -> pid_t? in
            guard let pid = pid_t(entry), pid != getpid(),
                  let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return arguments.contains { $0 == path || $0.hasPrefix(inside) } ? pid : nil
        }
    }
}
