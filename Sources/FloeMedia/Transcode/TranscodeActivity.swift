import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// `Transcode`: makes every output of ``TranscodeParameters`` with one FFmpeg process that decodes the
/// input once (see ``TranscodeCommand``), stores each output at its location and reports it, probed, as
/// a `transcode_file`.
public struct TranscodeActivity: Activity {
    public let kind = ActivityKind.transcode
    private let objectStore: any ObjectStore
    private let ffprobe: FFprobe
    private let ffmpeg: MediaTool

    public init(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration()) {
        self.objectStore = objectStore
        self.ffprobe = FFprobe(configuration: configuration)
        self.ffmpeg = .ffmpeg(configuration)
    }

    public func run(context: ActivityContext) async throws -> ActivityResult {
        let parameters = try context.parameters(as: TranscodeParameters.self)
        let input = try await MediaInput.open(context, objectStore: objectStore, ffprobe: ffprobe)

        var targets: [TranscodeCommand.Target] = []
        var locations: [StorageLocation] = []
        for (index, output) in parameters.outputs.enumerated() {
            let ext = output.container.rawValue
            locations.append(try context.outputLocation(parameters.outputLocation, outputName: output.name, ext: ext))
            let file = context.scratchDirectory.appending(path: "\(index)-\(output.name).\(ext)", directoryHint: .notDirectory)
            targets.append(TranscodeCommand.Target(output: output, path: file.path))
        }
        let command = try TranscodeCommand(input: input.path, probe: input.probe, targets: targets)

        context.heartbeat(progress: 0)
        var progress = FFmpegProgress(duration: input.probe.duration)
        try await ffmpeg.run(command.arguments, redactions: [(input.path, input.name), (context.scratchDirectory.path + "/", "")]) { line in
            if let percent = progress.consume(line) { context.heartbeat(progress: percent * 0.98) }
        }

        var files: [MediaFile] = []
        var outputs: [JSONValue] = []
        for (target, location) in zip(targets, locations) {
            try Task.checkCancellation()
            let file = URL(filePath: target.path)
            let info = try await ffprobe.probe(file, name: "output '\(target.output.name)'").info.describing(location, as: .transcodeFile)
            try await objectStore.storeOutput(file, at: location)
            files.append(MediaFile(location: location, fileType: .transcodeFile, info: info, activityName: context.activityName))
            outputs.append(.object(["Name": .string(target.output.name), "Location": .string(location.description)]))
        }
        context.heartbeat(progress: 100)
        return ActivityResult(files: files, data: .object(["Outputs": .array(outputs)]))
    }
}
