import FloeCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The routes of operators' probes and scrapers, answered before (and without) authentication, in every
/// process whatever its roles:
/// - `GET /healthz`: the process serves HTTP (liveness): `200 {"RequestId","Status":"Live"}`. Also the no-op
///   route the API benchmark compares signed requests with.
/// - `GET /readyz`: ``readiness`` returned within ``readinessTimeout`` (the store answers):
///   `200 {"RequestId","Status":"Ready"}`, else `503 {"RequestId","Status":"NotReady","Message"}`.
/// - `GET /metrics`: ``metrics``' text (the Prometheus exposition format), when given.
public struct OperationsRoutes: Sendable {
    /// Throws when the process cannot do its work (its store does not answer).
    public var readiness: @Sendable () async throws -> Void
    /// How long ``readiness`` may take before the process counts as not ready.
    public var readinessTimeout: Duration
    /// The metrics page, or nil for no `/metrics` route.
    public var metrics: (@Sendable () async -> String)?

    public init(readiness: @escaping @Sendable () async throws -> Void = {}, readinessTimeout: Duration = .seconds(2),
                metrics: (@Sendable () async -> String)? = nil) {
        self.readiness = readiness
        self.readinessTimeout = readinessTimeout
        self.metrics = metrics
    }

    /// The answer to `request` when it is one of these routes, else nil.
    func response(to request: Request) async -> Response? {
        guard request.method == .get else { return nil }
        switch request.uri.path {
        case "/healthz":
            return Self.status(.ok, "Live")
        case "/readyz":
            do {
                try await ready()
                return Self.status(.ok, "Ready")
            } catch {
                return Self.status(.serviceUnavailable, "NotReady", message: "\(error)")
            }
        case "/metrics":
            guard let metrics else { return nil }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: await metrics())))
        default:
            return nil
        }
    }

    /// ``readiness``, or a timeout error when it takes longer than ``readinessTimeout``.
    func ready() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await readiness() }
            group.addTask { [readinessTimeout] in
                try await Task.sleep(for: readinessTimeout)
                throw ReadinessTimeout(seconds: Double(readinessTimeout.components.seconds))
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    struct ReadinessTimeout: Error, CustomStringConvertible {
        let seconds: Double
        var description: String { "the store did not answer within \(seconds) s" }
    }

    static func status(_ status: HTTPResponse.Status, _ text: String, message: String? = nil) -> Response {
        var body: [String: JSONValue] = ["RequestId": .string(UUID.random().uuidString), "Status": .string(text)]
        if let message { body["Message"] = .string(message) }
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: JSONValue.object(body).jsonText)))
    }
}
