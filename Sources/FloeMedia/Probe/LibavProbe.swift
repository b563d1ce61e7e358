import CFloeLibav
import FloeCore
import Foundation
import Synchronization

/// libavformat loaded into Floe's process, reading a file as `ffprobe -show_format -show_streams` does
/// without starting an `ffprobe`.
///
/// An `ffprobe` run costs about 50 ms however small the file, nearly all of it the dynamic linking of 215
/// libraries; this reads the same file in about 5 ms, once the library is loaded (about 25 ms, once per
/// process). ``FFprobe`` reads with it only the files Floe's own FFmpeg encoded (``FFprobe/Origin``): a file
/// from outside, which may be built to break a demuxer, is read by `ffprobe` in a process of its own.
///
/// It writes ffprobe's JSON for the fields ``MediaProbe`` reads, so both readers go through one parser;
/// `LibavProbeTests` hold the two to the same reading of every kind of file Floe writes.
public final class LibavProbe: @unchecked Sendable { // a table of function pointers, never written after init
    private let libav: OpaquePointer

    /// The file name of the libavformat Floe was built against, such as `libavformat.so.59`, or `nil` when it
    /// was built without libavformat's headers (then ``FFprobe`` always runs `ffprobe`).
    public static let defaultLibrary: String? = floe_libav_library_name().map { String(cString: $0) }

    /// Loads `library` (a file name the dynamic loader looks up, or a path).
    ///
    /// - Throws: ``LoadError`` when it is missing, another major version than Floe was built for, or lacks a
    ///   function; blocks for the loading (about 25 ms): see ``loaded(_:)``.
    public init(library: String) throws(LoadError) {
        var error = [CChar](repeating: 0, count: 512)
        guard let libav = floe_libav_open(library, &error, error.count) else {
            throw LoadError(library: library, message: Self.text(error))
        }
        self.libav = libav
    }

    /// Why a library could not be loaded.
    public struct LoadError: Error, CustomStringConvertible {
        public var library: String
        public var message: String
        public var description: String { "cannot read media with \(library): \(message)" }
    }

    /// Reads the local file at `path`: ffprobe's JSON, or ``ReadError`` with libav's message.
    ///
    /// Runs on a thread of its own, off Swift's cooperative pool and libdispatch's queues; gives up after
    /// `timeout`.
    public func read(_ path: String, timeout: Duration = .seconds(30)) async throws(ReadError) -> String {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let result: Result<String, ReadError> = await onANewThread { [self] in
            var error = [CChar](repeating: 0, count: 512)
            guard let json = floe_libav_probe(libav, path, seconds, &error, error.count) else {
                return .failure(ReadError(message: Self.text(error)))
            }
            defer { free(json) }
            return .success(String(cString: json))
        }
        return try result.get()
    }

    /// A C string in `buffer`, up to its first NUL.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why a file could not be read: libav's message, such as `Invalid data found when processing input`.
    public struct ReadError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    // MARK: - Loaded once per process

    /// The libraries this process loaded or failed to load, and those being loaded in the background.
    private struct Libraries {
        var known: [String: LibavProbe?] = [:]
        var preloading: Set<String> = []
    }

    private static let libraries = Mutex(Libraries())

    /// `library`, loaded at its first use in this process on a thread of its own; `nil` when it cannot be
    /// loaded (then, for as long as the process lives, without trying again).
    public static func loaded(_ library: String) async -> LibavProbe? {
        if let known = libraries.withLock({ $0.known[library] }) { return known }
        return await onANewThread { load(library) }
    }

    /// Starts loading `library` on a thread of its own unless it is loaded or being loaded, so that the probe
    /// that needs it finds it loaded; cheap (a lock) after the first call.
    public static func preload(_ library: String) {
        let first = libraries.withLock { libraries in
            guard libraries.known[library] == nil, !libraries.preloading.contains(library) else { return false }
            libraries.preloading.insert(library)
            return true
        }
        if first { Thread.detachNewThread { _ = load(library) } }
    }

    /// Loads `library` unless it was; concurrent first loads load it once.
    private static func load(_ library: String) -> LibavProbe? {
        loading.withLock { _ in
            if let known = libraries.withLock({ $0.known[library] }) { return known }
            let probe = try? LibavProbe(library: library)
            libraries.withLock { $0.known[library] = .some(probe) }
            return probe
        }
    }

    /// Held while a library loads, so that it loads once.
    private static let loading = Mutex(())
}
