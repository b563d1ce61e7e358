extension WorkflowTopology {
    /// Checks the graph and every activity's parameters, throwing an ``FloeError/Code/invalidTemplate``
    /// error that names the activity and field at fault.
    ///
    /// A valid topology has exactly one `Start` and one `End`, known types, valid parameters, dependencies
    /// between existing activities only, no cycle, and every activity reachable from `Start` and
    /// reaching `End`.
    public func validate() throws(FloeError) {
        guard !activities.isEmpty else { throw .invalidTemplate("Activities: the template has no activities") }
        for name in activities.keys.sorted() {
            let definition = activities[name]!
            guard ActivityName.isValid(name) else {
                throw .invalidTemplate("Activities.\(StorageLocation.excerpt(name)): not a valid activity name (1-64 characters of A-Z, a-z, 0-9, '_' and '-')")
            }
            guard let kind = definition.kind else {
                throw .invalidTemplate("activity '\(name)': unknown Type '\(StorageLocation.excerpt(definition.type))'; known types: \(ActivityKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            do {
                try kind.validate(parameters: definition.parameters)
            } catch let error as DecodingError {
                throw .invalidTemplate("activity '\(name)' (\(kind.rawValue)): Parameters.\(error.fieldMessage)")
            } catch let error as FloeError {
                throw .invalidTemplate("activity '\(name)' (\(kind.rawValue)): Parameters: \(error.message)")
            } catch is EncodingError {
                // Thrown for the whole value, whose description would quote all of it.
                throw .invalidTemplate("activity '\(name)' (\(kind.rawValue)): Parameters: not representable as JSON (a number that is not finite, or nested too deeply)")
            } catch {
                throw .invalidTemplate("activity '\(name)' (\(kind.rawValue)): Parameters: \(error)")
            }
        }
        let start = try single(.start)
        let end = try single(.end)

        for (from, successors) in dependencies.sorted(by: { $0.key < $1.key }) {
            guard activities[from] != nil else {
                throw .invalidTemplate("Dependencies.\(StorageLocation.excerpt(from)): no activity is named '\(StorageLocation.excerpt(from))'")
            }
            var seen = Set<String>()
            for (index, to) in successors.enumerated() {
                guard activities[to] != nil else {
                    throw .invalidTemplate("Dependencies.\(from)[\(index)]: no activity is named '\(StorageLocation.excerpt(to))'")
                }
                guard seen.insert(to).inserted else {
                    throw .invalidTemplate("Dependencies.\(from): '\(to)' is listed twice")
                }
            }
        }
        let predecessors = self.predecessors
        if let first = predecessors[start]?.first {
            throw .invalidTemplate("activity '\(start)' (Start): has a predecessor '\(first)'; nothing may run before Start")
        }
        if let first = successors(of: end).first {
            throw .invalidTemplate("activity '\(end)' (End): has a successor '\(first)'; nothing may run after End")
        }
        if let cycle = findCycle() {
            throw .invalidTemplate("Dependencies: cycle \(cycle.joined(separator: " -> "))")
        }
        let fromStart = reachable(from: start) { successors(of: $0) }
        if let unreachable = activities.keys.sorted().first(where: { !fromStart.contains($0) }) {
            throw .invalidTemplate("activity '\(unreachable)': not reachable from Start '\(start)'")
        }
        let toEnd = reachable(from: end) { predecessors[$0] ?? [] }
        if let deadEnd = activities.keys.sorted().first(where: { !toEnd.contains($0) }) {
            throw .invalidTemplate("activity '\(deadEnd)': does not lead to End '\(end)'")
        }
    }

    private func single(_ kind: ActivityKind) throws(FloeError) -> String {
        let names = activities.filter { $0.value.kind == kind }.map(\.key).sorted()
        guard let first = names.first else {
            throw .invalidTemplate("Activities: no activity of Type \(kind.rawValue); a template needs exactly one")
        }
        guard names.count == 1 else {
            throw .invalidTemplate("Activities: \(names.count) activities of Type \(kind.rawValue) (\(names.map { "'\($0)'" }.joined(separator: ", "))); a template needs exactly one")
        }
        return first
    }

    private func reachable(from origin: String, next: (String) -> [String]) -> Set<String> {
        var seen: Set<String> = [origin]
        var stack = [origin]
        while let name = stack.popLast() {
            for other in next(name) where seen.insert(other).inserted { stack.append(other) }
        }
        return seen
    }

    /// A cycle as a path that returns to its first activity, or `nil`.
    func findCycle() -> [String]? {
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            marks[name] = .visiting
            path.append(name)
            for next in successors(of: name) {
                switch marks[next] {
                case .visiting:
                    return Array(path[path.firstIndex(of: next)!...]) + [next]
                case .done:
                    continue
                case nil:
                    if let cycle = visit(next) { return cycle }
                }
            }
            path.removeLast()
            marks[name] = .done
            return nil
        }
        for name in activities.keys.sorted() where marks[name] == nil {
            if let cycle = visit(name) { return cycle }
        }
        return nil
    }
}
