import FloeCore

/// One statement of a ``Policy``: an effect, the actions and resources it covers, and its conditions.
public struct PolicyStatement: Hashable, Sendable {
    /// Whether a statement grants or forbids.
    public enum Effect: String, Hashable, Sendable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// A list of `*` / `?` patterns, or (for `NotAction` / `NotResource`) everything except them.
    public struct Patterns: Hashable, Sendable {
        /// The patterns as written.
        public var patterns: [String]
        /// `true` for `NotAction` / `NotResource`: the statement covers what matches none of the patterns.
        public var isNegated: Bool

        public init(_ patterns: [String], isNegated: Bool = false) {
            self.patterns = patterns
            self.isNegated = isNegated
        }

        /// Whether `value` is covered.
        func covers(_ value: String, caseInsensitive: Bool) -> Bool {
            let matches = patterns.contains { Wildcard.matches($0, value, caseInsensitive: caseInsensitive) }
            return matches != isNegated
        }
    }

    public var effect: Effect
    /// `Action` or `NotAction`; matched case-insensitively.
    public var actions: Patterns
    /// `Resource` or `NotResource`; matched case-sensitively.
    public var resources: Patterns
    /// The `Condition` block, flattened: every condition must hold.
    public var conditions: [PolicyCondition]

    public init(effect: Effect, actions: Patterns, resources: Patterns, conditions: [PolicyCondition] = []) {
        self.effect = effect
        self.actions = actions
        self.resources = resources
        self.conditions = conditions
    }

    private static let elements: Set<String> = ["Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]

    init(json: JSONValue, path: String) throws(PolicyError) {
        guard let members = json.objectValue else { throw .malformed(path, "a statement must be a JSON object") }
        for key in members.keys.sorted() where !Self.elements.contains(key) {
            throw .malformed("\(path).\(key)", "unknown statement element; expected one of \(Self.elements.sorted().joined(separator: ", "))")
        }
        guard let effectValue = members["Effect"] else { throw .malformed("\(path).Effect", "is missing") }
        guard let effect = effectValue.stringValue.flatMap(Effect.init(rawValue:)) else {
            throw .malformed("\(path).Effect", "must be \"Allow\" or \"Deny\"")
        }
        self.effect = effect
        self.actions = try Self.patterns(members, "Action", path: path) { pattern in
            pattern == "*" || pattern.contains(":") ? nil : "must be \"*\" or \"<service>:<action>\", like \"ice:StartWorkflow\""
        }
        self.resources = try Self.patterns(members, "Resource", path: path) { _ in nil }
        if let condition = members["Condition"] {
            self.conditions = try PolicyCondition.conditions(json: condition, path: "\(path).Condition")
        } else {
            self.conditions = []
        }
    }

    /// Reads `Name` or `NotName` (exactly one): a non-empty string or a non-empty list of them.
    private static func patterns(
        _ members: [String: JSONValue], _ name: String, path: String, check: (String) -> String?
    ) throws(PolicyError) -> Patterns {
        let positive = members[name]
        let negative = members["Not\(name)"]
        guard (positive == nil) != (negative == nil) else {
            throw .malformed(path, positive == nil ? "needs \(name) or Not\(name)" : "has both \(name) and Not\(name)")
        }
        let key = positive == nil ? "Not\(name)" : name
        let value = positive ?? negative ?? .null
        let items: [JSONValue]
        switch value {
        case .string: items = [value]
        case .array(let list) where !list.isEmpty: items = list
        default: throw .malformed("\(path).\(key)", "must be a string or a non-empty list of strings")
        }
        var patterns: [String] = []
        for (index, item) in items.enumerated() {
            let itemPath = items.count == 1 && value.stringValue != nil ? "\(path).\(key)" : "\(path).\(key)[\(index)]"
            guard let text = item.stringValue, !text.isEmpty else {
                throw .malformed(itemPath, "must be a non-empty string")
            }
            if let problem = check(text) { throw .malformed(itemPath, "\"\(text)\" \(problem)") }
            patterns.append(text)
        }
        return Patterns(patterns, isNegated: negative != nil)
    }
}
