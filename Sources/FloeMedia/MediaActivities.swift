import FloeEngine
import FloeStorage

/// The media activities, ready to register.
public enum MediaActivities {
    /// `MediaInfo`, `Transcode`, `Snapshot` and `Package`, reading and writing `objectStore`.
    public static func all(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration()) -> [any Activity] {
        [
            MediaInfoActivity(objectStore: objectStore, configuration: configuration),
            TranscodeActivity(objectStore: objectStore, configuration: configuration),
            SnapshotActivity(objectStore: objectStore, configuration: configuration),
            PackageActivity(objectStore: objectStore, configuration: configuration),
        ]
    }
}
