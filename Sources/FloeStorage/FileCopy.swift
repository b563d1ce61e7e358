import FloeCore
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Copies a local file's bytes into a new file, in the kernel where it can.
///
/// Foundation's `FileManager.copyItem` copies 4 KiB a system call (2,500 `sendfile`s for a 10 MB output); this
/// asks the kernel for the whole file at once and falls back to reading and writing 1 MiB at a time where
/// `sendfile` cannot copy between the two files.
enum FileCopy {
    /// Copies `source` into `destination`, which must not exist; it is created with mode 0666 less the umask.
    ///
    /// - Throws: `FloeError(.storage)` with the system's reason and no local path (the message can reach a task's
    ///   error); a partly written `destination` is left to the caller to remove.
    static func copy(_ source: URL, to destination: URL) throws {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw failure("opening the file to store") }
        defer { close(input) }
        let output = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard output >= 0 else { throw failure("creating its temporary copy") }
        defer { close(output) }
        #if os(Linux)
        if try copyInKernel(input, output) { return }
        #endif
        try copyThroughBuffer(input, output)
    }

    #if os(Linux)
    /// Copies with `sendfile`; `false` when the kernel cannot copy between these two files and nothing was copied.
    private static func copyInKernel(_ input: Int32, _ output: Int32) throws -> Bool {
        var copied = false
        while true {
            let sent = sendfile(output, input, nil, 1 << 30)
            if sent > 0 { copied = true; continue }
            if sent == 0 { return true }
            if errno == EINTR { continue }
            if !copied, errno == EINVAL || errno == ENOSYS { return false }
            throw failure("copying")
        }
    }
    #endif

    private static func copyThroughBuffer(_ input: Int32, _ output: Int32) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, buffer.count)
            if count == 0 { return }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("reading")
            }
            var written = 0
            while written < count {
                let wrote = write(output, buffer.baseAddress! + written, count - written)
                if wrote < 0 {
                    if errno == EINTR { continue }
                    throw failure("writing")
                }
                written += wrote
            }
        }
    }

    private static func failure(_ doing: String) -> FloeError {
        FloeError(.storage, "\(doing): \(String(cString: strerror(errno)))")
    }
}
