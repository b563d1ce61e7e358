import Foundation

/// Waiting on a child process from async tests without blocking a thread of the cooperative pool (which
/// has one thread per core: two blocked readers stall every other test of the run).
public enum ProcessOutput {
    /// Everything `handle` yields until end of file, read on a thread outside the pool.
    public static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: handle.readDataToEndOfFile())
            }
        }
    }

    /// Returns once `process` has exited, waiting outside the pool.
    public static func waitForExit(_ process: Process) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
    }
}

extension ProcessOutput {
    /// The first line `handle` yields (without its newline), or everything up to end of file when no newline
    /// comes; read on a thread outside the pool.
    public static func readLine(_ handle: FileHandle) async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var bytes = Data()
                while true {
                    let chunk = (try? handle.read(upToCount: 1)) ?? nil
                    guard let chunk, let byte = chunk.first, byte != UInt8(ascii: "\n") else { break }
                    bytes.append(byte)
                }
                continuation.resume(returning: String(decoding: bytes, as: UTF8.self))
            }
        }
    }
}
