import FloeCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Files only their owner may read (mode 0600), written whole: a reader sees the old file or the new one.
public enum PrivateFile {
    /// Writes `text` to a temporary file (mode 0600) beside `file`, syncs it and renames it into place.
    ///
    /// - Throws: ``FloeError`` `storage` naming the file and the system's reason.
    public static func save(_ text: String, to file: URL) throws {
        let partial = file.deletingLastPathComponent().appending(path: ".\(file.lastPathComponent).\(UUID().uuidString)")
        let descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FloeError(.storage, "cannot write \(partial.path): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(partial.path, file.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial.path)
            throw FloeError(.storage, "cannot write \(file.path): \(reason)")
        }
    }
}
