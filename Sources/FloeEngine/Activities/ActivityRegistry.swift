import FloeCore

/// The activities a worker can run, by kind.
public struct ActivityRegistry: Sendable {
    private var activities: [ActivityKind: any Activity] = [:]

    public init(_ activities: [any Activity] = []) {
        for activity in activities { register(activity) }
    }

    public mutating func register(_ activity: any Activity) {
        activities[activity.kind] = activity
    }

    public func activity(for kind: ActivityKind) -> (any Activity)? {
        activities[kind]
    }

    /// The kinds that can run (structural kinds need no activity).
    public var kinds: Set<ActivityKind> { Set(activities.keys) }
}
