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
    private let bucketAccess: (any BucketAccessPolicy)?

    /// - Parameters:
    ///   - hardware: the hardware encoders the worker found, for `Video.Hardware`.
    ///   - bucketAccess: checks that a watermark image lies in a bucket the task's account may use
    ///     (``ActivityContext/accountID``); `nil` checks nothing.
    public init(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration(),
                hardware: DetectedHardware = DetectedHardware(), bucketAccess: (any BucketAccessPolicy)? = nil) {
        self.objectStore = objectStore
        self.bucketAccess = bucketAccess
        self.ffprobe = FFprobe(configuration: configuration)
        self.ffmpeg = .ffmpeg(configuration)
        self.hardware = hardware
    }

    public func run(context: ActivityContext) async throws -> ActivityResult {
        let parameters = try context.parameters(as: TranscodeParameters.self)
        let input = try await MediaInput.open(context, objectStore: objectStore, ffprobe: ffprobe)

        var targets: [TranscodeCommand.Target] = []
        var redactions = [(input.path, input.name)]
        var locations: [StorageLocation] = []
        var notes: [String] = []
        let available = hardware.current
        for (index, output) in parameters.outputs.enumerated() {
            let ext = output.container.rawValue
            locations.append(try context.outputLocation(parameters.outputLocation, outputName: output.name, ext: ext))
            let file = context.scratchDirectory.appending(path: "\(index)-\(output.name).\(ext)", directoryHint: .notDirectory)
            let (encoder, note) = try VideoEncoder.choose(for: output.video, available: available)
            if let note, !notes.contains(note) { notes.append(note) }
            var target = TranscodeCommand.Target(output: output, path: file.path, videoEncoder: encoder)
            if let watermark = output.video.watermark, output.video.codec != .copy, output.video.codec != .none {
                let field = "Outputs[\(index)].Video.Watermark.Location"
                try await checkAccess(to: watermark.location, field: field, context: context)
                let url = try await objectStore.imageURL(of: watermark.location, field: field)
                target.watermarkPath = url.isFileURL ? url.path : url.absoluteString
                redactions.append((target.watermarkPath!, watermark.location.description))
            }
            targets.append(target)
        }
        let command = try TranscodeCommand(input: input.path, probe: input.probe, targets: targets)

        context.heartbeat(progress: 0)
        var progress = FFmpegProgress(duration: Self.longestOutput(parameters.outputs, inputDuration: input.probe.duration))
        try await ffmpeg.run(command.arguments, redactions: redactions + [(context.scratchDirectory.path + "/", "")]) { [ffprobe] line in
            ffprobe.preloadLibrary()
            if let percent = progress.consume(line) { context.heartbeat(progress: percent * 0.98) }
        }

        // Every output is probed and stored at once: an output read by ffprobe (one with a copied stream) spends
        // most of its probe starting the process.
        let files = try await zip(targets, locations).concurrentMap { [objectStore, ffprobe, activityName = context.activityName] target, location in
            let file = URL(filePath: target.path)
            async let stored = objectStore.storeOutput(file, at: location)
            let info = try await ffprobe.probe(file, name: "output '\(target.output.name)'", origin: target.output.copiesStreams ? .outside : .encodedByFloe)
                .info.describing(location, as: .transcodeFile)
            _ = try await stored
            return MediaFile(location: location, fileType: .transcodeFile, info: info, activityName: activityName)
        }
        let outputs: [JSONValue] = zip(targets, locations).map { target, location in
            var described: [String: JSONValue] = ["Name": .string(target.output.name), "Location": .string(location.description)]
            if input.probe.video != nil, !target.videoEncoder.name.isEmpty { described["VideoEncoder"] = .string(target.videoEncoder.name) }
            return .object(described)
        }
        context.heartbeat(progress: 100)
        var data: [String: JSONValue] = ["Outputs": .array(outputs)]
        if !notes.isEmpty { data["Notes"] = .array(notes.map(JSONValue.string)) }
        return ActivityResult(files: files, data: .object(data))
    }

    /// Throws `.invalidParameter` when the task's account may not use the bucket of `location`.
    private func checkAccess(to location: StorageLocation, field: String, context: ActivityContext) async throws {
        guard let bucketAccess, let account = context.accountID else { return }
        let allowed: Bool
        do {
            allowed = try await bucketAccess.mayUse(account: account, bucket: location.bucket)
        } catch {
            throw ActivityError(.storage, "checking the bucket of \(field) \(location): \(error)", transient: true)
        }
        guard allowed else {
            throw ActivityError(.invalidParameter, "\(field): bucket \(location.bucket) is not one of the task's account's buckets", transient: false)
        }
    }

    /// The seconds of input the longest output takes, after its `Clip`: what progress is measured against.
    static func longestOutput(_ outputs: [TranscodeOutput], inputDuration: Double?) -> Double? {
        guard let inputDuration else { return nil }
        return outputs.map { output in
            guard let clip = output.clip else { return inputDuration }
            let left = max(0, inputDuration - clip.start)
            return min(left, clip.duration ?? left)
        }.max()
    }
}

extension TranscodeOutput {
    /// True when the output copies a stream from the input as it is (`Codec: copy`), so that its file holds
    /// bytes from outside Floe.
    var copiesStreams: Bool { video.codec == .copy || audio.codec == .copy }
}
