/// The graph of a workflow template: activities by name and, for each, the activities that follow it.
public struct WorkflowTopology: Hashable, Sendable, Codable {
    public var activities: [String: ActivityDefinition]
    /// Each activity's successors. An activity with no entry has none.
    public var dependencies: [String: [String]]

    public init(activities: [String: ActivityDefinition], dependencies: [String: [String]]) {
        self.activities = activities
        self.dependencies = dependencies
    }

    enum CodingKeys: String, CodingKey {
        case activities = "Activities"
        case dependencies = "Dependencies"
    }

    /// The successors of `name`.
    public func successors(of name: String) -> [String] {
        dependencies[name] ?? []
    }

    /// The predecessors of every activity.
    public var predecessors: [String: [String]] {
        var result = activities.keys.reduce(into: [String: [String]]()) { $0[$1] = [] }
        for (from, successors) in dependencies.sorted(by: { $0.key < $1.key }) {
            for to in successors { result[to, default: []].append(from) }
        }
        return result
    }

    /// The name of the activity of `kind`, when there is exactly one.
    public func activity(ofKind kind: ActivityKind) -> String? {
        let names = activities.filter { $0.value.kind == kind }.map(\.key)
        return names.count == 1 ? names[0] : nil
    }

    /// The `Start` activity's parameters.
    public var startParameters: StartParameters {
        guard let start = activity(ofKind: .start), let parameters = try? activities[start]!.parameters.decode(StartParameters.self)
        else { return StartParameters() }
        return parameters
    }
}
