import Foundation

/// A named workflow template as stored: its graph plus identity, kind, status and times.
public struct WorkflowTemplate: Hashable, Sendable, Codable {
    /// Who made a template.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Shipped with Floe; read-only.
        case system = "System"
        /// Made by a user.
        case common = "Common"
    }

    /// Whether a template accepts new tasks.
    public enum Status: String, Hashable, Sendable, Codable {
        case active = "Active"
        case inactive = "Inactive"
    }

    public var id: WorkflowID
    public var name: String
    public var kind: Kind
    /// The account that owns the template; `nil` only for `System` templates, which every account sees
    /// and none may change.
    public var accountID: AccountID?
    public var status: Status
    public var topology: WorkflowTopology
    public var createTime: Date
    public var modifiedTime: Date

    public init(id: WorkflowID, name: String, kind: Kind, accountID: AccountID?, status: Status = .active,
                topology: WorkflowTopology, createTime: Date, modifiedTime: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.accountID = accountID
        self.status = status
        self.topology = topology
        self.createTime = createTime
        self.modifiedTime = modifiedTime
    }

    /// A `Common` template of `accountID`, made from a user's document.
    public init(id: WorkflowID = .generate(), document: TemplateDocument, accountID: AccountID, now: Date) {
        self.init(id: id, name: document.name, kind: .common, accountID: accountID, topology: document.topology,
                  createTime: now, modifiedTime: now)
    }

    /// Checks that a `System` template has no owner and a `Common` one has one.
    public func checkOwnership() throws(FloeError) {
        switch (kind, accountID) {
        case (.system, nil), (.common, .some): return
        case (.system, .some): throw .invalidParameter("System template \(id) cannot belong to an account")
        case (.common, nil): throw .invalidParameter("Common template \(id) must belong to an account")
        }
    }

    /// True when `account` may see and use this template: it is a `System` template or `account`'s own.
    public func isVisible(to account: AccountID) -> Bool {
        accountID == nil || accountID == account
    }

    /// The document this template was made from.
    public var document: TemplateDocument { TemplateDocument(name: name, topology: topology) }
}
