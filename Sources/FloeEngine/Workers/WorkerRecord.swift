import FloeCore
import Foundation

/// A worker pool as it advertises itself in the store (``WorkflowStore/advertise(_:)``): who it is, how many
/// activities it runs at once and of which kinds, and when it was last heard from. `floe workers` lists them.
public struct WorkerRecord: Hashable, Sendable {
    /// The pool's lease owner (`host:pid:random`), the name its claims and attempts carry.
    public var owner: String
    /// How many activities it runs at once.
    public var slots: Int
    /// The kinds of activity it can run; it claims no other.
    public var kinds: Set<ActivityKind>
    public var startTime: Date
    /// When it last advertised itself: it does every ``WorkerPool/Configuration/advertiseInterval`` while it runs.
    public var seenTime: Date

    public init(owner: String, slots: Int, kinds: Set<ActivityKind>, startTime: Date, seenTime: Date) {
        self.owner = owner
        self.slots = slots
        self.kinds = kinds
        self.startTime = startTime
        self.seenTime = seenTime
    }

    /// The kinds as stored: their names, sorted, comma-separated.
    package var kindList: String { kinds.map(\.rawValue).sorted().joined(separator: ",") }

    /// The kinds of a stored ``kindList``; names this build does not know are left out.
    package static func kinds(_ list: String) -> Set<ActivityKind> {
        Set(list.split(separator: ",").compactMap { ActivityKind(rawValue: String($0)) })
    }
}
