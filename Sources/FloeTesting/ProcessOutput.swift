import FloeCore
import Foundation

/// Waiting on a child process from async tests without blocking a thread of the cooperative pool (which
/// has one thread per core: two blocked readers stall every other test of the run).
///
/// Pipes are read with `read(2)`, retried when a signal interrupts it. When any thread of the test process
/// crashes, Swift's crash handler pauses every other thread with a signal (`SIGPROF` or `SIGUSR1`, installed
/// without `SA_RESTART`), so a blocked `read` returns `EINTR`; Foundation's `readDataToEndOfFile()` traps on
/// that error (`try!`), adding a second crash to the first one's report (seen in CI).
public enum ProcessOutput {
    /// Everything `handle` yields until end of file, read on a thread outside the pool.
    public static func readToEnd(_ handle: FileHandle) async -> Data {
        await onANewThread { readBytes(handle.fileDescriptor, until: nil) }
    }

    /// The first line `handle` yields (without its newline), or everything up to end of file when no newline
    /// comes; read on a thread outside the pool.
    public static func readLine(_ handle: FileHandle) async -> String {
        await onANewThread { String(decoding: readBytes(handle.fileDescriptor, until: UInt8(ascii: "\n")), as: UTF8.self) }
    }

    /// Returns once `process` has exited, waiting outside the pool.
    public static func waitForExit(_ process: Process) async {
        await onANewThread { process.waitUntilExit() }
    }

    /// The bytes read from `descriptor` until end of file (or a read error), or up to the first `delimiter`
    /// (which is consumed, not returned). With a delimiter it reads one byte at a time, so nothing after the
    /// delimiter is taken from the pipe.
    static func readBytes(_ descriptor: Int32, until delimiter: UInt8?) -> Data {
        var result = Data()
        var buffer = [UInt8](repeating: 0, count: delimiter == nil ? 64 * 1024 : 1)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return result }
            if let delimiter, buffer[0] == delimiter { return result }
            result.append(contentsOf: buffer[0..<count])
        }
    }
}
