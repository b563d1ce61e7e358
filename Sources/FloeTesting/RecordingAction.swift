import FloeAPI
import FloeCore
import Synchronization

/// Names a ``RecordingAction``: ``RPCAction/name`` is a static requirement, so each stubbed action is a type.
public protocol StubbedActionName: Sendable {
    static var name: String { get }
}

/// The calls the ``RecordingAction``s of a test received, in order.
public final class CallLog: Sendable {
    /// One call: the action and the parameters it recorded.
    public struct Call: Sendable, Hashable {
        /// The action called.
        public var action: String
        /// The recorded parameters it carried.
        public var parameters: [String: String]
    }

    private let calls = Mutex<[Call]>([])

    /// An empty log.
    public init() {}

    /// Every call so far.
    public var all: [Call] { calls.withLock { $0 } }

    /// The calls of `action`.
    public func calls(of action: String) -> [Call] { all.filter { $0.action == action } }

    func append(_ call: Call) -> Int {
        calls.withLock { calls in
            calls.append(call)
            return calls.count { $0.action == call.action }
        }
    }
}

/// A stand-in for an action in tests of clients: records the parameters named in `recorded` that the call
/// carries, then answers what `answer` makes of them and of how many times it has been called (from 1).
public struct RecordingAction<Name: StubbedActionName>: RPCAction {
    public static var name: String { Name.name }

    let log: CallLog
    let recorded: [String]
    let answer: @Sendable (_ parameters: [String: String], _ call: Int) throws -> [String: JSONValue]

    /// A stub that logs calls in `log`, recording the parameters named in `recorded`.
    public init(log: CallLog, recording recorded: [String],
                answer: @escaping @Sendable (_ parameters: [String: String], _ call: Int) throws -> [String: JSONValue]) {
        self.log = log
        self.recorded = recorded
        self.answer = answer
    }

    public func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue] {
        var values: [String: String] = [:]
        for name in recorded {
            values[name] = parameters.string(name)
        }
        let count = log.append(.init(action: Self.name, parameters: values))
        return try answer(values, count)
    }
}
