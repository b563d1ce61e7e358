import FloeCore
import FloeEngine
import Foundation

/// `ListWorkflowTasks` (spec §3.4): the caller's tasks, newest first, filtered by `WorkflowId`,
/// `WorkflowName`, `KeyText` (case-insensitive substring of `TaskInput`, at most 32 characters) and
/// `StartOfCreateTime` / `EndOfCreateTime` (inclusive); `MaxResults` 1–100 (default 10); `NextToken`.
///
/// As in IMS, only tasks made in the last 90 days (``listedPeriod``) before the caller's `now` are listed: an
/// earlier `StartOfCreateTime` is moved up to that limit, not refused.
///
/// The store filters by account and workflow; the other filters apply here, over the store's pages
/// (``FilteredListing``, whose `NextToken` is Floe's own).
public struct ListWorkflowTasksAction: RPCAction {
    /// The action name.
    public static let name = "ListWorkflowTasks"
    /// How far back tasks are listed: 90 days.
    public static let listedPeriod: TimeInterval = 90 * 24 * 60 * 60

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
        let earliest = caller.now.addingTimeInterval(-Self.listedPeriod)
        let start = max(try parameters.time("StartOfCreateTime") ?? earliest, earliest)
        let end = try parameters.time("EndOfCreateTime")

        let store = self.store
        let listing = FilteredListing<WorkflowTask, Position>(
            fetch: { page in try await store.tasks(TaskQuery(accountID: caller.accountID, workflowID: workflowID, page: page)) },
            position: Position.init)
        let (found, nextToken) = try await listing.page(
            maxResults: maxResults, after: parameters.string("NextToken"),
            include: { Self.matches($0, workflowName: workflowName, keyText: keyText, end: end) },
            isPastEnd: { $0.createTime < start })  // newest first: nothing older can match

        var templates: [WorkflowID: WorkflowTemplate?] = [:]
        var items: [JSONValue] = []
        for task in found {
            if templates[task.workflowID] == nil {
                templates[task.workflowID] = .some(try await store.template(task.workflowID))
            }
            items.append(.object(WorkflowTaskView.members(task, template: templates[task.workflowID] ?? nil, listItem: true)))
        }
        var members: [String: JSONValue] = ["TaskList": .array(items), "MaxResults": .number(Double(maxResults))]
        if let nextToken { members["NextToken"] = .string(nextToken) }
        return members
    }

    static func matches(_ task: WorkflowTask, workflowName: String?, keyText: String?, end: Date?) -> Bool {
        if let workflowName, task.workflowName != workflowName { return false }
        if let keyText, !task.input.jsonText.localizedCaseInsensitiveContains(keyText) { return false }
        if let end, task.createTime > end { return false }
        return true
    }

    /// Where a task stands in the store's order, newest first: by create time, then id, both descending.
    struct Position: Comparable, LosslessStringConvertible {
        var createTime: Date
        var id: String

        init(_ task: WorkflowTask) {
            createTime = task.createTime
            id = task.id.rawValue
        }

        /// Parses ``description``: the create time's bits in hex, `-`, the id.
        init?(_ description: String) {
            let parts = description.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 2, let bits = UInt64(parts[0], radix: 16), TaskID.isValid(String(parts[1])) else { return nil }
            createTime = Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits))
            id = String(parts[1])
        }

        var description: String { "\(String(createTime.timeIntervalSinceReferenceDate.bitPattern, radix: 16))-\(id)" }

        static func < (lhs: Self, rhs: Self) -> Bool {
            lhs.createTime != rhs.createTime ? lhs.createTime > rhs.createTime : lhs.id > rhs.id
        }
    }
}
