import FloeCore
import Synchronization

/// Remembers the JSON text of values recently written and the values of texts recently read, so that a
/// value stored again and again (a template's topology copied into each of its tasks, an activity definition
/// into each run) is encoded and decoded once, not once per row. Bounded: when full it starts afresh.
package final class JSONMemo<Value: Codable & Hashable & Sendable>: Sendable {
    private struct Entries {
        var texts: [Value: String] = [:]
        var values: [String: Value] = [:]
    }

    private let entries = Mutex(Entries())
    private let capacity: Int

    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// The JSON text of `value`, as ``StoreValue/json(_:)`` writes it.
    package func text(of value: Value) throws -> String {
        if let text = entries.withLock({ $0.texts[value] }) { return text }
        let text = try StoreValue.json(value)
        entries.withLock { entries in
            if entries.texts.count >= capacity { entries.texts.removeAll(keepingCapacity: true) }
            entries.texts[value] = text
        }
        return text
    }

    /// The value of JSON `text` read from `column`, as ``StoreValue/decode(_:json:column:)`` reads it.
    package func value(of text: String, column: String) throws(FloeError) -> Value {
        if let value = entries.withLock({ $0.values[text] }) { return value }
        let value = try StoreValue.decode(Value.self, json: text, column: column)
        entries.withLock { entries in
            if entries.values.count >= capacity { entries.values.removeAll(keepingCapacity: true) }
            entries.values[text] = value
        }
        return value
    }
}

extension StoreValue {
    /// Topologies of templates and tasks.
    package static let topologies = JSONMemo<WorkflowTopology>(capacity: 256)
    /// Definitions of activity runs.
    package static let definitions = JSONMemo<ActivityDefinition>(capacity: 1024)
}
