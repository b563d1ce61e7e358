import FloeEngine
import FloeStorage

/// The workflow actions of the endpoint.
public enum WorkflowActions {
    /// `StartWorkflow`, `GetWorkflowTask`, `ListWorkflowTasks` and Floe's `CancelWorkflowTask`.
    /// `objectStore` is where `TaskInput` OSS files are checked.
    public static func all(store: any WorkflowStore, launcher: WorkflowLauncher, objectStore: any ObjectStore) -> [any RPCAction] {
        [
            StartWorkflowAction(launcher: launcher, objectStore: objectStore),
            GetWorkflowTaskAction(store: store),
            ListWorkflowTasksAction(store: store),
            CancelWorkflowTaskAction(store: store),
        ]
    }
}
