import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// `Snapshot`: takes one frame at `Time`, or `Count` frames `Interval` seconds apart, as jpg, png or
/// webp, and stores each as a `snapshot` named `00001`, `00002`….
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
        let command = SnapshotCommand(input: input.path, parameters: parameters, folder: folder.path)
        context.heartbeat(progress: 0)
        let span = Double(parameters.count - 1) * (parameters.interval ?? 0)
        var progress = FFmpegProgress(duration: span > 0 ? span : nil)
        try await ffmpeg.run(command.arguments, redactions: [(input.path, input.name), (folder.path + "/", "")]) { line in
            if let percent = progress.consume(line) { context.heartbeat(progress: percent * 0.9) }
        }

        let ext = parameters.format.rawValue
        var files: [MediaFile] = []
        var firstInfo: MediaFileInfo?
        for number in 1...parameters.count {
            let name = SnapshotCommand.outputName(number)
            let file = folder.appending(path: "\(name).\(ext)", directoryHint: .notDirectory)
            guard FileManager.default.fileExists(atPath: file.path) else { break }
            try Task.checkCancellation()
            let location = try context.outputLocation(parameters.outputLocation, outputName: name, ext: ext)
            let stored = try await objectStore.storeOutput(file, at: location)
            // Every frame has the first one's format and size; only the file differs.
            if firstInfo == nil { firstInfo = try await ffprobe.probe(file, name: "snapshot \(name)").info }
            var info = firstInfo!.describing(location, as: .snapshot)
            info.fileBasicInfo.fileSize = String(stored.size)
            files.append(MediaFile(location: location, fileType: .snapshot, info: info, activityName: context.activityName))
        }
        guard !files.isEmpty else {
            throw Self.pastTheEnd(parameters.time, input.name, duration: input.probe.duration)
        }
        context.heartbeat(progress: 100)
        return ActivityResult(files: files, data: .object(["Count": .number(Double(files.count))]))
    }

    private static func pastTheEnd(_ time: Double, _ inputName: String, duration: Double?) -> ActivityError {
        let end = duration.map { " (\(MediaProbe.decimal($0, places: 3)) s long)" } ?? ""
        return ActivityError(.invalidParameter, "Time \(MediaProbe.decimal(time, places: 3)) s is past the end of '\(inputName)'\(end); no frame to take", transient: false)
    }
}
