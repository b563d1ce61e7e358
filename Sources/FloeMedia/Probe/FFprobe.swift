import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// Reads a media file's streams and format with `ffprobe`, or in process with ``LibavProbe`` when Floe's
/// FFmpeg encoded the file.
///
/// A local file's reading is shared through a ``ProbeCache``: the preparer and every activity that reads a
/// task's input share one `ffprobe` run. Both readers write ffprobe's JSON, so they share the cache too.
public struct FFprobe: Sendable {
    private let tool: MediaTool
    private let cache: ProbeCache?
    /// The libavformat that reads files of origin ``Origin/encodedByFloe``; `nil`: `ffprobe` reads every file.
    private let library: String?

    /// Where a file came from, which decides what reads it.
    public enum Origin: Sendable {
        /// From outside Floe (an input, an upload): read by `ffprobe`, in a process of its own, so that a file
        /// made to break a demuxer breaks only that process.
        case outside
        /// Written by Floe's FFmpeg with every stream encoded by it (no stream copied from an input): read in
        /// Floe's process by ``LibavProbe`` when the library loads, else by `ffprobe`.
        case encodedByFloe
    }

    /// Probes with `configuration`'s `ffprobe`, sharing readings through its ``FFmpegConfiguration/probeCache``.
    public init(configuration: FFmpegConfiguration = FFmpegConfiguration()) {
        self.init(configuration: configuration, cache: configuration.probeCache)
    }

    /// - Parameter cache: where readings of local files are shared; `nil` probes every time.
    public init(configuration: FFmpegConfiguration, cache: ProbeCache?) {
        tool = .ffprobe(configuration)
        self.cache = cache
        library = configuration.probeLibrary
    }

    /// Starts loading the library that reads files ``Origin/encodedByFloe`` unless it is loaded or loading
    /// (``LibavProbe/preload(_:)``; cheap after the first call). An activity calls it for each line its FFmpeg
    /// writes: the load then runs while FFmpeg works, not while it starts, and the outputs' probes find the
    /// library loaded.
    public func preloadLibrary() {
        if let library { LibavProbe.preload(library) }
    }

    /// Probes the file at `url` (a local file or a URL FFmpeg can read).
    ///
    /// - Parameters:
    ///   - name: how the file is named in messages, such as its storage location.
    ///   - fileName: the `FileName` to report; by default the last part of `name`.
    ///   - origin: where the file came from, which decides what reads it.
    /// - Throws: `ActivityError(.invalidInput, transient: false)` naming the file when it is empty, not
    ///   media, corrupt or has neither audio nor video; `.processKilled` (transient) when ffprobe was killed.
    public func probe(_ url: URL, name: String, fileName: String? = nil, origin: Origin = .outside) async throws -> MediaProbe {
        let path = url.isFileURL ? url.path : url.absoluteString
        if url.isFileURL, let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size == 0 {
            throw ActivityError(.invalidInput, "'\(name)' is empty (0 bytes); it is not a media file", transient: false)
        }
        let library = origin == .encodedByFloe && url.isFileURL ? self.library : nil
        let json: String
        do {
            if url.isFileURL, let cache, let key = ProbeCache.Key(tool: tool.path, path: path) {
                json = try await cache.reading(of: key) { [tool] in try await Self.read(path, with: tool, library: library, name: name) }
            } else {
                json = try await Self.read(path, with: tool, library: library, name: name)
            }
        } catch let error as ActivityError where error.code == .processFailed || error.code == .invalidInput {
            throw ActivityError(.invalidInput, "'\(name)' is not a media file Floe can read: \(error.message)", transient: false)
        }
        let shownName = fileName ?? String(name.split(separator: "/").last ?? Substring(name))
        guard let probe = MediaProbe(ffprobeJSON: json, fileName: shownName) else {
            throw ActivityError(.invalidInput, "'\(name)' is not a media file Floe can read: ffprobe printed no format", transient: false)
        }
        guard probe.video != nil || probe.audio != nil else {
            throw ActivityError(.invalidInput, "'\(name)' has no audio or video stream", transient: false)
        }
        return probe
    }

    /// The cache's key of the local file at `url` as it is now: `nil` without a cache, or when `url` is not a
    /// regular local file.
    public func cacheKey(of url: URL) -> ProbeCache.Key? {
        guard url.isFileURL, cache != nil else { return nil }
        return ProbeCache.Key(tool: tool.path, path: url.path)
    }

    /// Lets the local file `copy`, copied from the file whose key was `source` when the copy began, share that
    /// file's reading (``ProbeCache/share(_:with:)``): a probe started on the original before the copy ended,
    /// as `floe run` starts one, then serves the copy.
    public func shareReading(of source: ProbeCache.Key, with copy: URL) {
        guard let cache, let copyKey = cacheKey(of: copy) else { return }
        cache.share(source, with: copyKey)
    }

    /// ``shareReading(of:with:)`` for the copy stored at `location` in `objectStore`, when it is a local file.
    public func shareReading(of source: ProbeCache.Key, with location: StorageLocation, in objectStore: any ObjectStore) async {
        guard let copy = try? await objectStore.mediaURL(of: location) else { return }
        shareReading(of: source, with: copy)
    }

    /// ffprobe's JSON for `path`: read by `library` when it is given and loads, else (and when it fails to
    /// read the file, so that the error is always ffprobe's) by `tool`.
    private static func read(_ path: String, with tool: MediaTool, library: String?, name: String) async throws -> String {
        if let library, let libav = await LibavProbe.loaded(library), let json = try? await libav.read(path) {
            return json
        }
        var lines: [String] = []
        try await tool.run(
            ["-hide_banner", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-i", path],
            redactions: [(path, name)]
        ) { line in lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
