import FloeCore
import FloeEngine
import FloeStorage

/// `MediaInfo`: probes the task's input and reports it as the source file's `FileInfo`.
///
/// The result has one file, the input, with `FileType` `source_file`; its data is the `FileInfo` as JSON.
public struct MediaInfoActivity: Activity {
    public let kind = ActivityKind.mediaInfo
    private let objectStore: any ObjectStore
    private let ffprobe: FFprobe

    public init(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration()) {
        self.objectStore = objectStore
        self.ffprobe = FFprobe(configuration: configuration)
    }

    public func run(context: ActivityContext) async throws -> ActivityResult {
        context.heartbeat(progress: 0)
        let input = try await MediaInput.open(context, objectStore: objectStore, ffprobe: ffprobe)
        let info = input.probe.info.describing(input.location, as: .sourceFile)
        context.heartbeat(progress: 100)
        return ActivityResult(
            files: [MediaFile(location: context.input, fileType: .sourceFile, info: info)],
            data: try JSONValue(encoding: info)
        )
    }
}
