import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// `Snapshot`: takes one frame at `Time`, or `Count` frames `Interval` seconds apart, as jpg, png or
/// webp, and stores each as a `snapshot` named `00001`, `00002`…. `Type` `Cover` takes one frame (a
/// representative one without `Time`), `Keyframes` the keyframes, and `Sprite` sheets of tiles (`00001`…)
/// with their WebVTT thumbnail track `sprite.vtt` (see ``SpritePlan`` and ``SpriteTrack``).
///
/// A `Time` at or past the end of the input is an `.invalidParameter` error. When later frames of a
/// series would fall past the end, the frames before it are kept; a series with no frame at all is an
/// error.
public struct SnapshotActivity: Activity {
    public let kind = ActivityKind.snapshot
    private let objectStore: any ObjectStore
    private let ffprobe: FFprobe
    private let ffmpeg: MediaTool

    public init(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration()) {
        self.objectStore = objectStore
        self.ffprobe = FFprobe(configuration: configuration)
        self.ffmpeg = .ffmpeg(configuration)
    }

    public func run(context: ActivityContext) async throws -> ActivityResult {
        let parameters = try context.parameters(as: SnapshotParameters.self)
        let input = try await MediaInput.open(context, objectStore: objectStore, ffprobe: ffprobe)
        guard input.probe.video != nil else {
            throw ActivityError(.invalidInput, "'\(input.name)' has no video stream to take a snapshot from", transient: false)
        }
        if let duration = input.probe.duration, parameters.time >= duration {
            throw Self.pastTheEnd(parameters.time, input.name, duration: duration)
        }

        let folder = context.scratchDirectory.appending(path: "snapshots", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let sprite: SpritePlan? = try parameters.type == .sprite ? SpritePlan(parameters: parameters, probe: input.probe) : nil
        let command = SnapshotCommand(input: input.path, parameters: parameters, folder: folder.path, sprite: sprite)
        context.heartbeat(progress: 0)
        let span: Double? = switch parameters.type {
        case .normal: Double(parameters.count - 1) * (parameters.interval ?? 0)
        case .sprite, .keyframes: input.probe.duration.map { $0 - parameters.time }
        case .cover: nil
        }
        var progress = FFmpegProgress(duration: (span ?? 0) > 0 ? span : nil)
        try await ffmpeg.run(command.arguments, redactions: [(input.path, input.name), (folder.path + "/", "")]) { [ffprobe] line in
            ffprobe.preloadLibrary()
            if let percent = progress.consume(line) { context.heartbeat(progress: percent * 0.9) }
        }

        let ext = parameters.format.rawValue
        var files: [MediaFile] = []
        var firstInfo: MediaFileInfo?
        let most = sprite.map { ($0.maximumTiles + $0.tilesPerSheet - 1) / $0.tilesPerSheet } ?? parameters.count
        for number in 1...max(1, most) {
            let name = SnapshotCommand.outputName(number)
            let file = folder.appending(path: "\(name).\(ext)", directoryHint: .notDirectory)
            guard FileManager.default.fileExists(atPath: file.path) else { break }
            try Task.checkCancellation()
            let location = try context.outputLocation(parameters.outputLocation, outputName: name, ext: ext)
            let stored = try await objectStore.storeOutput(file, at: location)
            // Every frame has the first one's format and size; only the file differs.
            if firstInfo == nil { firstInfo = try await ffprobe.probe(file, name: "snapshot \(name)", origin: .encodedByFloe).info }
            var info = firstInfo!.describing(location, as: .snapshot)
            info.fileBasicInfo.fileSize = String(stored.size)
            files.append(MediaFile(location: location, fileType: .snapshot, info: info, activityName: context.activityName))
        }
        guard !files.isEmpty else {
            throw Self.pastTheEnd(parameters.time, input.name, duration: input.probe.duration)
        }
        if let sprite {
            files.append(try await storeTrack(sprite, sheets: files, folder: folder, input: input, parameters: parameters, context: context))
        }
        context.heartbeat(progress: 100)
        return ActivityResult(files: files, data: .object(["Count": .number(Double(files.count))]))
    }

    /// Writes and stores `sprite.vtt` for the sheets `sheets`, from the tile times FFmpeg listed.
    private func storeTrack(_ sprite: SpritePlan, sheets: [MediaFile], folder: URL, input: MediaInput,
                            parameters: SnapshotParameters, context: ActivityContext) async throws -> MediaFile {
        let listing = folder.appending(path: SnapshotCommand.spriteTimesFile, directoryHint: .notDirectory)
        guard let text = try? String(contentsOf: listing, encoding: .utf8), let times = SpriteTrack.frameTimes(framecrc: text) else {
            throw ActivityError(.processFailed, "FFmpeg wrote no listing of the sprite's tiles", transient: true)
        }
        let location = try context.outputLocation(parameters.outputLocation, outputName: "sprite", ext: "vtt")
        let track = SpriteTrack.webVTT(times: times, duration: input.probe.duration, plan: sprite) { number in
            sheets.indices.contains(number - 1) ? Self.relativeName(of: sheets[number - 1].location, from: location) : SnapshotCommand.outputName(number)
        }
        let file = folder.appending(path: "sprite.vtt", directoryHint: .notDirectory)
        try Data(track.utf8).write(to: file, options: .atomic)
        let stored = try await objectStore.storeOutput(file, at: location)
        var basic = FileBasicInfo()
        basic.fileName = location.fileName
        basic.fileSize = String(stored.size)
        basic.fileStatus = "Normal"
        basic.formatName = "webvtt"
        basic.duration = input.probe.duration.map { MediaProbe.decimal($0, places: 6) }
        let info = MediaFileInfo(fileBasicInfo: basic).describing(location, as: .snapshot)
        return MediaFile(location: location, fileType: .snapshot, info: info, activityName: context.activityName)
    }

    /// How the track at `track` names the sheet at `sheet`: its file name when both lie in one folder, else
    /// its whole `oss://` location.
    static func relativeName(of sheet: StorageLocation, from track: StorageLocation) -> String {
        let folder = { (location: StorageLocation) in location.key.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") }
        return sheet.bucket == track.bucket && folder(sheet) == folder(track) ? sheet.fileName : sheet.description
    }

    private static func pastTheEnd(_ time: Double, _ inputName: String, duration: Double?) -> ActivityError {
        let end = duration.map { " (\(MediaProbe.decimal($0, places: 3)) s long)" } ?? ""
        return ActivityError(.invalidParameter, "Time \(MediaProbe.decimal(time, places: 3)) s is past the end of '\(inputName)'\(end); no frame to take", transient: false)
    }
}
