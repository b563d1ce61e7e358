import FloeEngine
import FloeStorage

/// The media activities, ready to register.
public enum MediaActivities {
    /// `MediaInfo`, `Transcode`, `Snapshot` and `Package`, reading and writing `objectStore`; `Transcode` encodes
    /// with the hardware encoders in `hardware` once they are detected.
    ///
    /// - Parameter bucketAccess: which buckets a task's account may read extra objects (watermark images)
    ///   from; `nil` checks nothing.
    public static func all(objectStore: any ObjectStore, configuration: FFmpegConfiguration = FFmpegConfiguration(),
                           hardware: DetectedHardware = DetectedHardware(),
                           bucketAccess: (any BucketAccessPolicy)? = nil) -> [any Activity] {
        [
            MediaInfoActivity(objectStore: objectStore, configuration: configuration),
            TranscodeActivity(objectStore: objectStore, configuration: configuration, hardware: hardware, bucketAccess: bucketAccess),
            SnapshotActivity(objectStore: objectStore, configuration: configuration),
            PackageActivity(objectStore: objectStore, configuration: configuration),
        ]
    }
}
