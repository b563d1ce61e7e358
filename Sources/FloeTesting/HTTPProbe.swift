import AsyncHTTPClient
import Foundation
import NIOCore

/// A plain HTTP GET for tests that probe a running server (`/healthz`, `/readyz`, `/metrics`, an unsigned API call).
public enum HTTPProbe {
    /// The status and body of `GET url`.
    public static func get(_ url: String, timeout: Duration = .seconds(10)) async throws -> (status: Int, body: String) {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(Int64(timeout.components.seconds)))
            let body = try await response.body.collect(upTo: 4 << 20)
            try await client.shutdown()
            return (Int(response.status.code), String(buffer: body))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
