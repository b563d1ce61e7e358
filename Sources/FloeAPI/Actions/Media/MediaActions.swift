import FloeEngine
import FloeStorage

/// The media-asset actions of the endpoint.
public enum MediaActions {
    /// `RegisterMediaInfo`, `GetMediaInfo`, `BatchGetMediaInfos`, `ListMediaBasicInfos`, `UpdateMediaInfo` and
    /// `DeleteMediaInfos`. `objectStore` is where `DeletePhysicalFiles` deletes; `launcher` starts the
    /// `WorkflowId` of a registration.
    public static func all(store: any WorkflowStore, objectStore: any ObjectStore, launcher: WorkflowLauncher) -> [any RPCAction] {
        [
            RegisterMediaInfoAction(store: store, launcher: launcher),
            GetMediaInfoAction(store: store),
            BatchGetMediaInfosAction(store: store),
            ListMediaBasicInfosAction(store: store),
            UpdateMediaInfoAction(store: store),
            DeleteMediaInfosAction(store: store, objectStore: objectStore),
        ]
    }
}
