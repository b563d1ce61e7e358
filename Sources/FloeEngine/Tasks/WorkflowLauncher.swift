import FloeCore
import Foundation

/// Starts workflow tasks: resolves the template and the input's media asset, and creates the task.
///
/// The caller checks what only it can (that an OSS input exists and lies in the template's bound location);
/// the launcher checks the rest: the template exists, is the caller's or a `System` one, and is active; a
/// `Media` input is registered by the caller (checked by the store as it creates the task); the user data is
/// at most 512 bytes of JSON. Another account's template or media asset gets the same "does not exist" error as
/// an unknown one, so ids do not leak across accounts.
public struct WorkflowLauncher: Sendable {
    let store: any WorkflowStore

    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Creates a task of `workflowID` on `input` for `accountID`; an OSS input the account has not yet
    /// registered becomes a new media asset of that account.
    public func start(workflowID: WorkflowID, input: TaskInput, accountID: AccountID, userData: String? = nil,
                      now: Date) async throws -> WorkflowTask {
        try await start(template: template(workflowID, accountID: accountID), input: input, accountID: accountID,
                        userData: userData, now: now)
    }

    /// The template `workflowID` as `accountID` may start it: the account's own or a `System` one, and active.
    public func template(_ workflowID: WorkflowID, accountID: AccountID) async throws -> WorkflowTemplate {
        guard let template = try await store.template(workflowID), template.isVisible(to: accountID) else {
            throw FloeError.invalidParameter("workflow \(workflowID) does not exist")
        }
        guard template.status == .active else {
            throw FloeError.invalidParameter("workflow \(workflowID) is Inactive")
        }
        return template
    }

    /// Creates a task of `template`, as ``template(_:accountID:)`` returned it, on `input` for `accountID`.
    public func start(template: WorkflowTemplate, input: TaskInput, accountID: AccountID, userData: String? = nil,
                      now: Date) async throws -> WorkflowTask {
        if let userData {
            guard userData.utf8.count <= 512 else { throw FloeError.invalidParameter("UserData is \(userData.utf8.count) bytes; at most 512 are allowed") }
            guard (try? JSONValue(jsonText: userData))?.objectValue != nil else { throw FloeError.invalidParameter("UserData is not a JSON object") }
        }
        let mediaID = try await resolve(input, accountID: accountID, now: now)
        let task = WorkflowTask(accountID: accountID, workflowID: template.id, workflowName: template.name, topology: template.topology,
                                input: input, mediaID: mediaID, userData: userData, createTime: now)
        do {
            try await store.createTask(task, now: now)
        } catch let error as FloeError where error.code == .notFound {
            // The store checks, in the task's own transaction, that its media asset is the account's.
            throw FloeError.invalidParameter("media \(mediaID) does not exist")
        }
        return task
    }

    /// The id of the media asset of `input` for `accountID`: a `Media` input's own (which
    /// ``start(template:input:accountID:userData:now:)`` refuses unless the account registered it), or the asset
    /// the account registered for an OSS file, registered now when there is none.
    public func resolve(_ input: TaskInput, accountID: AccountID, now: Date) async throws -> MediaID {
        switch input {
        case .media(let id):
            return id
        case .oss(let location):
            if let id = try await store.mediaID(inputURL: location, accountID: accountID) { return id }
            let media = MediaAsset(
                accountID: accountID, inputURL: location, mediaType: MediaExtensions.mediaType(fileName: location.fileName),
                title: location.fileName, createTime: now,
                files: [MediaFile(location: location, fileType: .sourceFile)]
            )
            do {
                try await store.createMedia(media)
                return media.id
            } catch let error as FloeError where error.code == .conflict {
                // Registered by a concurrent start on the same file a moment ago.
                guard let id = try await store.mediaID(inputURL: location, accountID: accountID) else { throw error }
                return id
            }
        }
    }
}
