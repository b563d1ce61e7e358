import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// `Package`: makes an HLS or DASH set of renditions with one FFmpeg process that decodes the input once
/// (see ``PackageCommand``), stores every file of the set in the folder of the master playlist (segments
/// first, the master last, so that a reader never finds a playlist naming a missing file), and reports the
/// master playlist and, for HLS, each rendition's playlist, probed, as `transcode_file`s.
///
/// Renditions taller or wider than the input are left out unless `Upscale` is true; when that would leave
/// none, the smallest is kept. The result's `Notes` say which were left out.
public struct PackageActivity: Activity {
    public let kind = ActivityKind.package
    private let objectStore: any ObjectStore
    private let ffprobe: FFprobe
    private let ffmpeg: MediaTool

    public init(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration()) {
        self.objectStore = objectStore
        self.ffprobe = FFprobe(configuration: configuration)
        self.ffmpeg = .ffmpeg(configuration)
    }

    public func run(context: ActivityContext) async throws -> ActivityResult {
        let parameters = try context.parameters(as: PackageParameters.self)
        let input = try await MediaInput.open(context, objectStore: objectStore, ffprobe: ffprobe)
        let (renditions, skipped) = Self.renditions(parameters, for: input.probe)
        let format = parameters.format
        let manifest = try context.outputLocation(parameters.outputLocation, outputName: format.manifestName, ext: format.manifestExtension)

        let folder = context.scratchDirectory.appending(path: "package", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let command = try PackageCommand(input: input.path, probe: input.probe, parameters: parameters, renditions: renditions,
                                         folder: folder.path, baseName: manifest.baseName)
        context.heartbeat(progress: 0)
        var progress = FFmpegProgress(duration: input.probe.duration)
        try await ffmpeg.run(command.arguments, redactions: [(input.path, input.name), (folder.path + "/", "")]) { [ffprobe] line in
            ffprobe.preloadLibrary()
            if let percent = progress.consume(line) { context.heartbeat(progress: percent * 0.95) }
        }

        // The playlists are probed while the files are stored: segments, then playlists, then the master (or
        // manifest), the files of each kind at once.
        async let described = describe(folder, manifest: manifest, renditions: renditions, format: format, activityName: context.activityName)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        for kind in 0...2 {
            let names = written.filter { Self.storeOrder($0, manifest: manifest.fileName) == kind }.sorted()
            _ = try await names.concurrentMap { [objectStore] name in
                try await objectStore.storeOutput(folder.appending(path: name, directoryHint: .notDirectory), at: try manifest.sibling(name))
            }
        }
        let (files, reported) = try await described
        context.heartbeat(progress: 100)
        var data: [String: JSONValue] = [
            "Format": .string(format.rawValue), "Manifest": .string(manifest.description), "Renditions": .array(reported),
            "Files": .number(Double(written.count)),
        ]
        if !skipped.isEmpty {
            data["Notes"] = .array(skipped.map { .string("rendition '\($0)' is larger than the input and was left out (Upscale: false)") })
        }
        return ActivityResult(files: files, data: .object(data))
    }

    /// The renditions to encode, and the names of those left out.
    static func renditions(_ parameters: PackageParameters, for probe: MediaProbe) -> (kept: [TranscodeOutput], skipped: [String]) {
        guard !parameters.upscale, let video = probe.video else { return (parameters.renditions, []) }
        func isLarger(_ output: TranscodeOutput) -> Bool {
            (output.video.height ?? 0) > video.displayHeight || (output.video.width ?? 0) > video.displayWidth
        }
        var kept = parameters.renditions.filter { !isLarger($0) }
        if kept.isEmpty, let smallest = parameters.renditions.min(by: { ($0.video.height ?? $0.video.width ?? 0) < ($1.video.height ?? $1.video.width ?? 0) }) {
            kept = [smallest]
        }
        let names = Set(kept.map(\.name))
        return (kept, parameters.renditions.map(\.name).filter { !names.contains($0) })
    }

    /// 0 for segments, 1 for rendition playlists, 2 for the master playlist or manifest.
    private static func storeOrder(_ name: String, manifest: String) -> Int {
        if name == manifest { return 2 }
        return name.hasSuffix(".m3u8") ? 1 : 0
    }

    /// The manifest and, for HLS, each rendition's playlist, probed at once and described as stored beside
    /// `manifest`; and the renditions as the result reports them.
    private func describe(_ folder: URL, manifest: StorageLocation, renditions: [TranscodeOutput], format: PackageParameters.Format,
                          activityName: String) async throws -> (files: [MediaFile], renditions: [JSONValue]) {
        guard format == .hls else {
            let file = try await describe(folder, name: manifest.fileName, at: manifest, activityName: activityName)
            return ([file], renditions.map { .object(["Name": .string($0.name)]) })
        }
        let master = HLSPlaylist(try String(contentsOf: folder.appending(path: manifest.fileName), encoding: .utf8))
        let variants = Array(zip(renditions, master.variants))
        let playlists = try [(manifest.fileName, manifest)] + variants.map { ($1.uri, try manifest.sibling($1.uri)) }
        let files = try await playlists.concurrentMap { name, location in
            try await describe(folder, name: name, at: location, activityName: activityName)
        }
        let reported: [JSONValue] = try zip(variants, playlists.dropFirst()).map { rendition, playlist in
            let segments = HLSPlaylist(try String(contentsOf: folder.appending(path: playlist.0), encoding: .utf8)).segments
            return .object([
                "Name": .string(rendition.0.name), "Location": .string(playlist.1.description),
                "Bandwidth": .number(Double(rendition.1.bandwidth ?? 0)), "Resolution": .string(rendition.1.resolution ?? ""),
                "Segments": .number(Double(segments.count)),
            ])
        }
        return (files, reported)
    }

    /// Probes the written file `name` and describes it as stored at `location`.
    private func describe(_ folder: URL, name: String, at location: StorageLocation, activityName: String) async throws -> MediaFile {
        let file = folder.appending(path: name, directoryHint: .notDirectory)
        let info = try await ffprobe.probe(file, name: "playlist '\(name)'", origin: .encodedByFloe).info.describing(location, as: .transcodeFile)
        return MediaFile(location: location, fileType: .transcodeFile, info: info, activityName: activityName)
    }
}
