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
        try await ffmpeg.run(command.arguments, redactions: [(input.path, input.name), (folder.path + "/", "")]) { line in
            if let percent = progress.consume(line) { context.heartbeat(progress: percent * 0.95) }
        }

        // Segments, then playlists, then the master (or manifest).
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted { lhs, rhs in
            (Self.storeOrder(lhs, manifest: manifest.fileName), lhs) < (Self.storeOrder(rhs, manifest: manifest.fileName), rhs)
        }
        for name in written {
            try Task.checkCancellation()
            try await objectStore.storeOutput(folder.appending(path: name, directoryHint: .notDirectory), at: try manifest.sibling(name))
        }

        var files = [try await describe(folder, name: manifest.fileName, at: manifest, context: context)]
        var reported: [JSONValue] = []
        if format == .hls {
            let master = HLSPlaylist(try String(contentsOf: folder.appending(path: manifest.fileName), encoding: .utf8))
            for (rendition, variant) in zip(renditions, master.variants) {
                let location = try manifest.sibling(variant.uri)
                files.append(try await describe(folder, name: variant.uri, at: location, context: context))
                let playlist = HLSPlaylist(try String(contentsOf: folder.appending(path: variant.uri), encoding: .utf8))
                reported.append(.object([
                    "Name": .string(rendition.name), "Location": .string(location.description),
                    "Bandwidth": .number(Double(variant.bandwidth ?? 0)), "Resolution": .string(variant.resolution ?? ""),
                    "Segments": .number(Double(playlist.segments.count)),
                ]))
            }
        } else {
            reported = renditions.map { .object(["Name": .string($0.name)]) }
        }
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

    /// Probes the written file `name` and describes it as stored at `location`.
    private func describe(_ folder: URL, name: String, at location: StorageLocation, context: ActivityContext) async throws -> MediaFile {
        let file = folder.appending(path: name, directoryHint: .notDirectory)
        let info = try await ffprobe.probe(file, name: "playlist '\(name)'").info.describing(location, as: .transcodeFile)
        return MediaFile(location: location, fileType: .transcodeFile, info: info, activityName: context.activityName)
    }
}
