import FloeCore
import Foundation

/// A worker pool as it advertises itself in the store (``WorkflowStore/advertise(_:)``): who it is, how many
/// activities it runs at once, what it can run (its ``Capability``s: activity kinds and hardware encoders), and
/// when it was last heard from. `floe workers` lists them.
public struct WorkerRecord: Hashable, Sendable {
    /// The pool's lease owner (`host:pid:random`), the name its claims and attempts carry.
    public var owner: String
    /// How many activities it runs at once.
    public var slots: Int
    /// What it can run: the kinds of its registry and the hardware encoders it found; it claims only runs whose
    /// requirements these cover.
    public var capabilities: Set<Capability>
    public var startTime: Date
    /// When it last advertised itself: it does every ``WorkerPool/Configuration/advertiseInterval`` while it runs.
    public var seenTime: Date

    public init(owner: String, slots: Int, capabilities: Set<Capability>, startTime: Date, seenTime: Date) {
        self.owner = owner
        self.slots = slots
        self.capabilities = capabilities
        self.startTime = startTime
        self.seenTime = seenTime
    }

    /// The activity kinds among its capabilities.
    public var kinds: Set<ActivityKind> { Set(capabilities.compactMap(\.kind)) }

    /// Its hardware capabilities (`hw:…`).
    public var hardware: Set<Capability> { capabilities.filter(\.isHardware) }
}
