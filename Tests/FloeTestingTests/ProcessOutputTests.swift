import Foundation
import Synchronization
import Testing
@testable import FloeTesting

/// Reading a child's pipe survives the signals a test process gets, and stops where it says it does.
@Suite struct ProcessOutputTests {
    @Test func aReadInterruptedByASignalIsRetried() async throws {
        // A handler installed without SA_RESTART, as Swift's crash handler installs its own to pause every
        // thread: a read blocked in the thread the signal goes to returns EINTR.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        action.sa_flags = 0
        sigemptyset(&action.sa_mask)
        var previous = sigaction()
        sigaction(SIGUSR1, &action, &previous)
        defer { sigaction(SIGUSR1, &previous, nil) }

        let pipe = Pipe()
        let reader = ReaderThread(pipe.fileHandleForReading.fileDescriptor)
        let thread = try await reader.started()
        for _ in 0..<3 {
            try await Task.sleep(for: .milliseconds(50))  // long enough for the reader to block in read(2)
            pthread_kill(thread, SIGUSR1)
        }
        pipe.fileHandleForWriting.write(Data("after the signals".utf8))
        try pipe.fileHandleForWriting.close()
        #expect(String(decoding: try await reader.result(), as: UTF8.self) == "after the signals")
    }

    @Test func aLineStopsAtItsNewlineAndLeavesTheRestInThePipe() async throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("first\nsecond".utf8))
        try pipe.fileHandleForWriting.close()
        #expect(await ProcessOutput.readLine(pipe.fileHandleForReading) == "first")
        #expect(String(decoding: await ProcessOutput.readToEnd(pipe.fileHandleForReading), as: UTF8.self) == "second")
    }

    @Test func aLineWithoutNewlineIsEverythingUpToEndOfFile() async throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("no newline".utf8))
        try pipe.fileHandleForWriting.close()
        #expect(await ProcessOutput.readLine(pipe.fileHandleForReading) == "no newline")
    }
}

/// `ProcessOutput.readBytes` on a thread of its own, whose id the test needs to signal it.
private final class ReaderThread: Sendable {
    private let state = Mutex<(thread: pthread_t?, result: Data?)>((nil, nil))

    init(_ descriptor: Int32) {
        Thread.detachNewThread { [self] in
            // A thread started from the cooperative pool inherits its mask, which blocks SIGUSR1.
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGUSR1)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            state.withLock { $0.thread = pthread_self() }
            let data = ProcessOutput.readBytes(descriptor, until: nil)
            state.withLock { $0.result = data }
        }
    }

    /// The reader's thread, once it runs.
    func started() async throws -> pthread_t {
        try await eventually("the reader thread runs") { state.withLock { $0.thread != nil } }
        return state.withLock { $0.thread! }
    }

    /// What the reader read, once it returns.
    func result() async throws -> Data {
        try await eventually("the reader returns") { state.withLock { $0.result != nil } }
        return state.withLock { $0.result! }
    }
}
