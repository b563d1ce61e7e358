import FloeCore

/// One action of the RPC endpoint: reads its parameters and answers the members of the response body
/// (the endpoint adds `RequestId`). Errors it throws are ``APIError``s, or errors the edge maps
/// (``FloeError``) or treats as internal.
public protocol RPCAction: Sendable {
    /// The action name, as in `x-acs-action` (`StartWorkflow`).
    static var name: String { get }

    /// Runs the action for an authenticated and authorised `caller`.
    func run(_ parameters: ActionParameters, caller: Caller) async throws -> [String: JSONValue]
}
