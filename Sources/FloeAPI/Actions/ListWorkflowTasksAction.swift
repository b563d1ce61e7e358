import FloeCore
import FloeEngine
import Foundation

/// `ListWorkflowTasks` (spec §3.4): the caller's tasks, newest first, filtered by `WorkflowId`,
/// `WorkflowName`, `KeyText` (case-insensitive substring of `TaskInput`, at most 32 characters) and
/// `StartOfCreateTime` / `EndOfCreateTime` (inclusive); `MaxResults` 1–100 (default 10); `NextToken`.
///
/// The store filters by account and workflow; the other filters apply here, over the store's pages.
/// `NextToken` is therefore Floe's own: the store's token of the page to resume in, and how many of its
/// items were already looked at.
public struct ListWorkflowTasksAction: RPCAction {
    /// The action name.
    public static let name = "ListWorkflowTasks"
    static let scanPageSize = 100

    let store: any WorkflowStore

    /// The action over the given dependencies.
    public init(store: any WorkflowStore) {
        self.store = store
    }

    /// Runs the action for `caller`; see the type's description for parameters and errors.
    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        let maxResults = try parameters.int("MaxResults", in: 1...100) ?? 10
        var workflowID: WorkflowID?
        if let text = parameters.string("WorkflowId") {
            guard let id = try? WorkflowID(text) else {
                throw APIError.invalidParameter("WorkflowId", "'\(ActionParameters.excerpt(text))' is not a WorkflowId.")
            }
            workflowID = id
        }
        let workflowName = parameters.string("WorkflowName")
        let keyText = parameters.string("KeyText")
        if let keyText, keyText.count > 32 {
            throw APIError.invalidParameter("KeyText", "it has \(keyText.count) characters; at most 32 are allowed.")
        }
        let start = try parameters.time("StartOfCreateTime")
        let end = try parameters.time("EndOfCreateTime")
        var cursor = try parameters.string("NextToken").map(Cursor.init(token:)) ?? Cursor(storeToken: nil, skip: 0)

        var found: [WorkflowTask] = []
        var next: Cursor?
        scan: while true {
            let page: Page<WorkflowTask>
            do {
                page = try await store.tasks(TaskQuery(accountID: caller.accountID, workflowID: workflowID,
                                                       page: PageRequest(limit: Self.scanPageSize, token: cursor.storeToken)))
            } catch let error as FloeError where error.code == .invalidParameter {
                throw APIError.invalidParameter("NextToken", "it is not a token this server gave.")
            }
            for index in page.items.indices where index >= cursor.skip {
                let task = page.items[index]
                if let start, task.createTime < start { break scan }  // newest first: nothing older can match
                guard Self.matches(task, workflowName: workflowName, keyText: keyText, end: end) else { continue }
                found.append(task)
                if found.count == maxResults {
                    if index + 1 < page.items.count {
                        next = Cursor(storeToken: cursor.storeToken, skip: index + 1)
                    } else if let token = page.nextToken {
                        next = Cursor(storeToken: token, skip: 0)
                    }
                    break scan
                }
            }
            guard let token = page.nextToken else { break }
            cursor = Cursor(storeToken: token, skip: 0)
        }

        var templates: [WorkflowID: WorkflowTemplate?] = [:]
        var items: [JSONValue] = []
        for task in found {
            if templates[task.workflowID] == nil {
                templates[task.workflowID] = .some(try await store.template(task.workflowID))
            }
            items.append(.object(WorkflowTaskView.members(task, template: templates[task.workflowID] ?? nil, listItem: true)))
        }
        var members: [String: JSONValue] = ["TaskList": .array(items), "MaxResults": .number(Double(maxResults))]
        if let next { members["NextToken"] = .string(next.token) }
        return members
    }

    static func matches(_ task: WorkflowTask, workflowName: String?, keyText: String?, end: Date?) -> Bool {
        if let workflowName, task.workflowName != workflowName { return false }
        if let keyText, !task.input.jsonText.localizedCaseInsensitiveContains(keyText) { return false }
        if let end, task.createTime > end { return false }
        return true
    }

    /// Where a listing resumes: a store page and how many of its items were already looked at.
    struct Cursor {
        var storeToken: String?
        var skip: Int

        init(storeToken: String?, skip: Int) {
            self.storeToken = storeToken
            self.skip = skip
        }

        /// Parses a `NextToken`: base64url of `<skip>:<store token>`.
        init(token: String) throws(APIError) {
            let invalid = APIError.invalidParameter("NextToken", "it is not a token this server gave.")
            var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            guard token.count <= 1024, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
                  let colon = text.firstIndex(of: ":"), let skip = Int(text[..<colon]), (0..<scanPageSize).contains(skip)
            else { throw invalid }
            let storeToken = String(text[text.index(after: colon)...])
            self.init(storeToken: storeToken.isEmpty ? nil : storeToken, skip: skip)
        }

        var token: String {
            Data("\(skip):\(storeToken ?? "")".utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
    }
}
