import FloeCore
@testable import FloeStorage
import FloeTesting
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("FileCopy")
struct FileCopyTests {
    @Test("a source the kernel cannot copy from (a pipe) is copied through a buffer")
    func pipeSourceFallsBackToReadAndWrite() async throws {
        try await withTemporaryFolder { folder in
            let fifo = folder.appending(path: "pipe")
            #expect(mkfifo(fifo.path, 0o600) == 0)
            let data = Data((0..<(2 * (1 << 20) + 11)).map { _ in UInt8.random(in: .min ... .max) })
            // The writer opens the pipe after the copy does (opening a pipe waits for the other end).
            let writer = Thread {
                let fd = open(fifo.path, O_WRONLY)
                data.withUnsafeBytes { bytes in
                    var written = 0
                    while written < bytes.count {
                        let count = write(fd, bytes.baseAddress! + written, bytes.count - written)
                        if count <= 0 { break }
                        written += count
                    }
                }
                close(fd)
            }
            writer.start()
            let copy = folder.appending(path: "copy.bin")
            try FileCopy.copy(fifo, to: copy)
            #expect(try Data(contentsOf: copy) == data)
        }
    }

    @Test("the destination must not exist yet")
    func refusesAnExistingDestination() async throws {
        try await withTemporaryFolder { folder in
            let source = folder.appending(path: "a"), destination = folder.appending(path: "b")
            try Data("new".utf8).write(to: source)
            try Data("old".utf8).write(to: destination)
            #expect(throws: FloeError.self) { try FileCopy.copy(source, to: destination) }
            #expect(try Data(contentsOf: destination) == Data("old".utf8))
        }
    }

    @Test("a failure says why without naming a local path")
    func failuresNameNoPath() async throws {
        try await withTemporaryFolder { folder in
            let error = #expect(throws: FloeError.self) {
                try FileCopy.copy(folder.appending(path: "missing.mp4"), to: folder.appending(path: "copy.mp4"))
            }
            #expect(error?.code == .storage)
            #expect(error?.message.contains("No such file") == true)
            #expect(error?.message.contains(folder.path) == false)
        }
    }
}
