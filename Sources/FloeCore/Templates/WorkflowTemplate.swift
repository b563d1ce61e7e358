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
    public var status: Status
    public var topology: WorkflowTopology
    public var createTime: Date
    public var modifiedTime: Date

    public init(id: WorkflowID, name: String, kind: Kind, status: Status = .active, topology: WorkflowTopology,
                createTime: Date, modifiedTime: Date) {
        self.id = id
        self.name = name
        self.kind = kind
        self.status = status
        self.topology = topology
        self.createTime = createTime
        self.modifiedTime = modifiedTime
    }

    /// A template made from a user's document.
    public init(id: WorkflowID = .random(), document: TemplateDocument, kind: Kind = .common, now: Date) {
        self.init(id: id, name: document.name, kind: kind, topology: document.topology, createTime: now, modifiedTime: now)
    }

    /// The document this template was made from.
    public var document: TemplateDocument { TemplateDocument(name: name, topology: topology) }
}
