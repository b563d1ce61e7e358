import FloeEngine
import FloeStorage

/// The workflow actions of the endpoint.
public enum WorkflowActions {
    /// `StartWorkflow`, `GetWorkflowTask`, `ListWorkflowTasks` and Floe's `CancelWorkflowTask`.
    /// `objectStore` is where `TaskInput` OSS files are checked; `buckets` says which buckets an account may use.
    public static func all(store: any WorkflowStore, launcher: WorkflowLauncher, objectStore: any ObjectStore,
                           buckets: any BucketAccessPolicy) -> [any RPCAction] {
        [
            StartWorkflowAction(launcher: launcher, objectStore: objectStore, buckets: buckets),
            GetWorkflowTaskAction(store: store),
            ListWorkflowTasksAction(store: store),
            CancelWorkflowTaskAction(store: store),
        ]
    }
}
