import FloeEngine
import FloeStorage

/// The media-asset actions of the endpoint.
public enum MediaActions {
    /// `RegisterMediaInfo`, `GetMediaInfo`, `BatchGetMediaInfos`, `ListMediaBasicInfos`, `UpdateMediaInfo` and
    /// `DeleteMediaInfos`. `objectStore` is where `DeletePhysicalFiles` deletes; `launcher` starts the
    /// `WorkflowId` of a registration; `buckets` says which buckets an account may register files of.
    public static func all(store: any WorkflowStore, objectStore: any ObjectStore, launcher: WorkflowLauncher,
                           buckets: any BucketAccessPolicy) -> [any RPCAction] {
        [
            RegisterMediaInfoAction(store: store, launcher: launcher, buckets: buckets),
            GetMediaInfoAction(store: store),
            BatchGetMediaInfosAction(store: store),
            ListMediaBasicInfosAction(store: store),
            UpdateMediaInfoAction(store: store),
            DeleteMediaInfosAction(store: store, objectStore: objectStore),
        ]
    }
}
