import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// `Transcode`: makes every output of ``TranscodeParameters`` with one FFmpeg process that decodes the
/// input once (see ``TranscodeCommand``), stores each output at its location and reports it, probed, as
/// a `transcode_file`.
///
/// Each output's video encoder is chosen with the worker's ``DetectedHardware`` (``VideoEncoder/choose(for:available:)``);
/// the result names it per output (`VideoEncoder`) and says in `Notes` when `Hardware: auto` fell back to software.
public struct TranscodeActivity: Activity {
    public let kind = ActivityKind.transcode
    private let objectStore: any ObjectStore
    private let ffprobe: FFprobe
    private let ffmpeg: MediaTool
    private let hardware: DetectedHardware

    public init(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration(),
                hardware: DetectedHardware = DetectedHardware()) {
        self.objectStore = objectStore
        self.ffprobe = FFprobe(configuration: configuration)
        self.ffmpeg = .ffmpeg(configuration)
        self.hardware = hardware
    }

    public func run(context: ActivityContext) async throws -> ActivityResult {
        let parameters = try context.parameters(as: TranscodeParameters.self)
        let input = try await MediaInput.open(context, objectStore: objectStore, ffprobe: ffprobe)

        var targets: [TranscodeCommand.Target] = []
        var locations: [StorageLocation] = []
        var notes: [String] = []
        let available = hardware.current
        for (index, output) in parameters.outputs.enumerated() {
            let ext = output.container.rawValue
            locations.append(try context.outputLocation(parameters.outputLocation, outputName: output.name, ext: ext))
            let file = context.scratchDirectory.appending(path: "\(index)-\(output.name).\(ext)", directoryHint: .notDirectory)
            let (encoder, note) = try VideoEncoder.choose(for: output.video, available: available)
            if let note, !notes.contains(note) { notes.append(note) }
            targets.append(TranscodeCommand.Target(output: output, path: file.path, videoEncoder: encoder))
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
            var described: [String: JSONValue] = ["Name": .string(target.output.name), "Location": .string(location.description)]
            if input.probe.video != nil, !target.videoEncoder.name.isEmpty { described["VideoEncoder"] = .string(target.videoEncoder.name) }
            outputs.append(.object(described))
        }
        context.heartbeat(progress: 100)
        var data: [String: JSONValue] = ["Outputs": .array(outputs)]
        if !notes.isEmpty { data["Notes"] = .array(notes.map(JSONValue.string)) }
        return ActivityResult(files: files, data: .object(data))
    }
}
