import FloeCore
import Foundation

/// One `Operator: {Key: Values}` test of a statement's `Condition` block, its values already typed.
///
/// Several values for one key: a positive operator holds when **any** value matches; a negated one
/// (`StringNotEquals`, `NotIpAddress`, …) when **none** does. A key the request does not have makes a
/// positive operator false and a negated one true.
public struct PolicyCondition: Hashable, Sendable {
    /// The condition operators of RAM's policy language.
    public enum Operator: String, Hashable, Sendable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"

        /// Whether the operator holds when none of its values match.
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals,
                 .dateNotEquals, .notIpAddress:
                true
            default:
                false
            }
        }
    }

    /// The values of a condition, typed by the operator's family.
    public enum Values: Hashable, Sendable {
        case strings([String])
        case numbers([Double])
        case dates([Date])
        case bools([Bool])
        case networks([IPNetwork])
    }

    public var `operator`: Operator
    /// The condition key as written (`acs:SourceIp`); compared case-insensitively.
    public var key: String
    public var values: Values

    public init(_ operator: Operator, key: String, values: Values) {
        self.operator = `operator`
        self.key = key
        self.values = values
    }

    /// Whether the condition holds for `context`.
    public func holds(in context: RequestContext) -> Bool {
        guard let value = context.value(forKey: key), let matched = anyValueMatches(value) else {
            return `operator`.isNegated
        }
        return matched != `operator`.isNegated
    }

    /// Whether any policy value matches the request's value under the positive form of the operator;
    /// `nil` when the request's value cannot be read as the operator's type (treated as absent).
    private func anyValueMatches(_ value: RequestContext.Value) -> Bool? {
        switch values {
        case .strings(let expected):
            let actual = Self.strings(value)
            return actual.contains { actual in
                expected.contains { expected in
                    switch `operator` {
                    case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
                        actual.lowercased() == expected.lowercased()
                    case .stringLike, .stringNotLike:
                        Wildcard.matches(expected, actual)
                    default:
                        actual == expected
                    }
                }
            }
        case .numbers(let expected):
            let actual = Self.strings(value).compactMap { Double($0) }
            guard !actual.isEmpty else { return nil }
            return actual.contains { actual in expected.contains { compare(actual, $0) } }
        case .dates(let expected):
            let actual: [Date]
            if case .date(let date) = value { actual = [date] } else { actual = Self.strings(value).compactMap(WireTime.instant) }
            guard !actual.isEmpty else { return nil }
            return actual.contains { actual in expected.contains { compare(actual, $0) } }
        case .bools(let expected):
            let actual: [Bool]
            if case .bool(let flag) = value { actual = [flag] } else { actual = Self.strings(value).compactMap(Self.bool) }
            guard !actual.isEmpty else { return nil }
            return actual.contains { expected.contains($0) }
        case .networks(let networks):
            let actual = Self.strings(value).filter { IPNetwork.parseAddress($0) != nil }
            guard !actual.isEmpty else { return nil }
            return actual.contains { address in networks.contains { $0.contains(address) } }
        }
    }

    private func compare<T: Comparable>(_ actual: T, _ expected: T) -> Bool {
        switch `operator` {
        case .numericLessThan, .dateLessThan: actual < expected
        case .numericLessThanEquals, .dateLessThanEquals: actual <= expected
        case .numericGreaterThan, .dateGreaterThan: actual > expected
        case .numericGreaterThanEquals, .dateGreaterThanEquals: actual >= expected
        default: actual == expected
        }
    }

    private static func strings(_ value: RequestContext.Value) -> [String] {
        switch value {
        case .strings(let strings): strings
        case .date(let date): [WireTime.string(date)]
        case .bool(let flag): [flag ? "true" : "false"]
        }
    }

    // MARK: - Parsing

    /// Flattens a `Condition` block: `{"<Operator>": {"<key>": value or [values]}}`.
    static func conditions(json: JSONValue, path: String) throws(PolicyError) -> [PolicyCondition] {
        guard let operators = json.objectValue, !operators.isEmpty else {
            throw .malformed(path, "must be a non-empty object of operators")
        }
        var conditions: [PolicyCondition] = []
        for (name, block) in operators.sorted(by: { $0.key < $1.key }) {
            let operatorPath = "\(path).\(name)"
            guard let op = Operator.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else {
                throw .malformed(operatorPath, "unknown condition operator")
            }
            guard let keys = block.objectValue, !keys.isEmpty else {
                throw .malformed(operatorPath, "must be a non-empty object of condition keys")
            }
            for (key, value) in keys.sorted(by: { $0.key < $1.key }) {
                conditions.append(try PolicyCondition(op, key: key, json: value, path: "\(operatorPath).\(key)"))
            }
        }
        return conditions
    }

    private init(_ op: Operator, key: String, json: JSONValue, path: String) throws(PolicyError) {
        guard !key.isEmpty else { throw .malformed(path, "a condition key must not be empty") }
        let items: [JSONValue]
        switch json {
        case .array(let list) where !list.isEmpty: items = list
        case .array, .object, .null: throw .malformed(path, "must be a value or a non-empty list of values")
        default: items = [json]
        }
        func each<T>(_ convert: (JSONValue) -> T?, _ expected: String) throws(PolicyError) -> [T] {
            var out: [T] = []
            for (index, item) in items.enumerated() {
                guard let value = convert(item) else {
                    throw .malformed(items.count == 1 ? path : "\(path)[\(index)]", "must be \(expected)")
                }
                out.append(value)
            }
            return out
        }
        switch op {
        case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase,
             .stringLike, .stringNotLike:
            values = .strings(try each(Self.scalarString, "a string"))
        case .numericEquals, .numericNotEquals, .numericLessThan, .numericLessThanEquals,
             .numericGreaterThan, .numericGreaterThanEquals:
            values = .numbers(try each({ item in
                if case .number(let number) = item { return number }
                return item.stringValue.flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil }
            }, "a number"))
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan,
             .dateGreaterThanEquals:
            values = .dates(try each({ $0.stringValue.flatMap(WireTime.instant) },
                                     "an ISO 8601 time such as 2025-01-01T00:00:00Z or 2025-01-01T08:00:00+08:00"))
        case .bool:
            values = .bools(try each({ item in
                if case .bool(let flag) = item { return flag }
                return item.stringValue.flatMap(Self.bool)
            }, "true or false"))
        case .ipAddress, .notIpAddress:
            values = .networks(try each({ $0.stringValue.flatMap(IPNetwork.init) },
                                        "an IPv4 or IPv6 address or CIDR block such as 10.0.0.0/8 or 2001:db8::/32"))
        }
        self.operator = op
        self.key = key
    }

    private static func scalarString(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: nil
        }
    }

    private static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
