import FloeCore
import Foundation

/// Starts workflow tasks: resolves the template and the input's media asset, and creates the task.
///
/// The caller checks what only it can (that an OSS input exists and lies in the template's bound location);
/// the launcher checks the rest: the template exists and is active, a `Media` input is registered, the
/// user data is at most 512 bytes of JSON.
public struct WorkflowLauncher: Sendable {
    let store: any WorkflowStore

    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Creates a task of `workflowID` on `input`; an OSS input not yet registered becomes a new media asset.
    public func start(workflowID: WorkflowID, input: TaskInput, userData: String? = nil, now: Date) async throws -> WorkflowTask {
        guard let template = try await store.template(workflowID) else {
            throw FloeError.invalidParameter("workflow \(workflowID) does not exist")
        }
        guard template.status == .active else {
            throw FloeError.invalidParameter("workflow \(workflowID) is Inactive")
        }
        if let userData {
            guard userData.utf8.count <= 512 else { throw FloeError.invalidParameter("UserData is \(userData.utf8.count) bytes; at most 512 are allowed") }
            guard (try? JSONValue(jsonText: userData))?.objectValue != nil else { throw FloeError.invalidParameter("UserData is not a JSON object") }
        }
        let media = try await resolve(input, now: now)
        let task = WorkflowTask(workflowID: template.id, workflowName: template.name, topology: template.topology,
                                input: input, mediaID: media.id, userData: userData, createTime: now)
        try await store.createTask(task, now: now)
        return task
    }

    /// The media asset of `input`: registered already, or registered now for an OSS file.
    public func resolve(_ input: TaskInput, now: Date) async throws -> MediaAsset {
        switch input {
        case .media(let id):
            guard let media = try await store.media(id) else { throw FloeError.invalidParameter("media \(id) does not exist") }
            return media
        case .oss(let location):
            if let media = try await store.media(inputURL: location) { return media }
            let media = MediaAsset(
                inputURL: location, mediaType: MediaExtensions.mediaType(fileName: location.fileName),
                title: location.fileName, createTime: now,
                files: [MediaFile(location: location, fileType: .sourceFile)]
            )
            do {
                try await store.createMedia(media)
                return media
            } catch let error as FloeError where error.code == .conflict {
                // Registered by a concurrent start on the same file a moment ago.
                guard let media = try await store.media(inputURL: location) else { throw error }
                return media
            }
        }
    }
}
