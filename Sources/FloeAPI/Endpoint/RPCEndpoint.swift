import FloeCore
import FloeEngine
import Foundation
import Logging

/// The IMS RPC endpoint, independent of any HTTP server: takes a request as received, answers a status
/// and a JSON body.
///
/// Order of checks: `GET /` or `POST /` (`InvalidAction.NotFound`); the query and form body decode
/// (`InvalidParameter`); a version (`MissingParameter`) of `2020-11-09` (`InvalidVersion`); an action
/// (`MissingParameter`) that exists (`InvalidAction.NotFound`); then ``Authenticator`` and the action.
/// Every error, whatever threw it, becomes a JSON error body; only a real internal failure is a 500,
/// logged with its request id (never with a secret: errors carry none).
public struct RPCEndpoint: Sendable {
    /// The only API version: ICE 2020-11-09.
    public static let version = "2020-11-09"

    let authenticator: Authenticator
    let actions: [String: any RPCAction]
    let hostID: String
    let clock: @Sendable () -> Date
    let logger: Logger
    let metrics: FloeMetrics

    /// - Parameters:
    ///   - actions: the actions this endpoint serves; see ``WorkflowActions/all(store:launcher:objectStore:buckets:)``.
    ///   - hostID: the `HostId` of error bodies.
    ///   - clock: the server's clock (tests pass a fixed one).
    ///   - metrics: counts and times each answer by action and code.
    public init(authenticator: Authenticator, actions: [any RPCAction], hostID: String = "floe",
                clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger, metrics: FloeMetrics = .none) {
        self.metrics = metrics
        self.authenticator = authenticator
        self.actions = Dictionary(actions.map { (type(of: $0).name, $0) }, uniquingKeysWith: { first, _ in first })
        self.hostID = hostID
        self.clock = clock
        self.logger = logger
    }

    /// Answers one request; never throws. `sourceIP` is the connection's peer address, for `acs:SourceIp`.
    public func respond(method: String, path: String, rawQuery: String, headers: [SignedRequest.Header],
                        body: [UInt8], sourceIP: String?) async -> APIResponse {
        let requestID = UUID.random().uuidString
        let started = ContinuousClock.now
        var known: String?
        do {
            guard method == "POST" || method == "GET", path == "/" else { throw APIError.actionNotFound }
            let request: SignedRequest
            do {
                request = try SignedRequest(method: method, path: path, rawQuery: rawQuery, headers: headers, body: body)
            } catch {
                throw APIError(error)
            }
            let parameters = ActionParameters(request)
            let version = nonEmpty(request.header("x-acs-version")) ?? parameters.string("Version")
            guard let version else { throw APIError.missingParameter("Version") }
            guard version == Self.version else { throw APIError.invalidVersion }
            let actionName = nonEmpty(request.header("x-acs-action")) ?? parameters.string("Action")
            guard let actionName else { throw APIError.missingParameter("Action") }
            guard let action = actions[actionName] else { throw APIError.actionNotFound }
            known = actionName
            let caller = try await authenticator.authenticate(request, action: actionName, sourceIP: sourceIP, now: clock())
            var members = try await action.run(parameters, caller: caller)
            members["RequestId"] = .string(requestID)
            metrics.requestAnswered(action: actionName, code: "OK", duration: ContinuousClock.now - started)
            logger.debug("request answered", metadata: ["request": "\(requestID)", "action": "\(actionName)", "code": "OK"])
            return APIResponse(status: 200, body: JSONValue.object(members).jsonText, requestID: requestID)
        } catch {
            let answer = apiError(for: error, requestID: requestID)
            // Only names of actions Floe has become labels: a client cannot make new series.
            metrics.requestAnswered(action: known ?? "Unknown", code: answer.code, duration: ContinuousClock.now - started)
            logger.debug("request answered", metadata: ["request": "\(requestID)", "action": "\(known ?? "Unknown")", "code": "\(answer.code)"])
            return errorResponse(answer, requestID: requestID)
        }
    }

    /// The error body of `error` (`{RequestId, HostId, Code, Message, Recommend[, AccessDeniedDetail]}`).
    public func errorResponse(_ error: APIError, requestID: String) -> APIResponse {
        Self.errorResponse(error, requestID: requestID, hostID: hostID)
    }

    /// The answer of a process that serves no API (no `api` role) to anything but the operations routes.
    static func notServed(requestID: String) -> APIResponse {
        errorResponse(APIError(code: APIError.actionNotFound.code, status: 404,
                               message: "This process serves no API (its roles do not include api); ask an API process."),
                      requestID: requestID, hostID: "floe")
    }

    static func errorResponse(_ error: APIError, requestID: String, hostID: String) -> APIResponse {
        var members: [String: JSONValue] = [
            "RequestId": .string(requestID),
            "HostId": .string(hostID),
            "Code": .string(error.code),
            "Message": .string(error.message),
            "Recommend": .string("See docs/API.md, section Errors, for \(error.code)."),
        ]
        if let detail = error.accessDeniedDetail, let value = try? JSONValue(encoding: detail) {
            members["AccessDeniedDetail"] = value
        }
        return APIResponse(status: error.status, body: JSONValue.object(members).jsonText, requestID: requestID)
    }

    /// What the caller is told about `error`; internal failures are logged here.
    func apiError(for error: any Error, requestID: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as SignatureError:
            return APIError(error)
        case let error as FloeError:
            if let mapped = APIError(error) { return mapped }
        default:
            break
        }
        logger.error("internal error", metadata: ["request": "\(requestID)", "error": "\(String(describing: error))"])
        return .internalError
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
