import FloeAPI
import FloeCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@Suite struct OperationsRoutesTests {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "database unreachable" }
    }

    /// The answers (status, body) of GETs of `paths`, by a server of `endpoint` and `operations`.
    func get(_ paths: [String], endpoint: RPCEndpoint? = nil, operations: OperationsRoutes) async throws -> [(Int, String)] {
        var logger = Logger(label: "floe-ops-test")
        logger.logLevel = .critical
        let application = Application(responder: APIResponder(endpoint: endpoint, operations: operations),
                                      configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await application.test(.router) { client in
            var answers: [(Int, String)] = []
            for path in paths {
                let response = try await client.execute(uri: path, method: .get)
                answers.append((Int(response.status.code), String(buffer: response.body)))
            }
            return answers
        }
    }

    func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    @Test func liveReadyAndMetricsWithoutAuthentication() async throws {
        let answers = try await get(["/healthz", "/readyz", "/metrics"],
                                    operations: OperationsRoutes(readiness: {}, metrics: { "floe_up 1\n" }))
        #expect(answers[0].0 == 200 && json(answers[0].1)["Status"] as? String == "Live")
        #expect(answers[1].0 == 200 && json(answers[1].1)["Status"] as? String == "Ready")
        #expect(answers[2].0 == 200 && answers[2].1 == "floe_up 1\n")
    }

    @Test func aStoreThatFailsOrHangsIsNotReady() async throws {
        let failing = try await get(["/readyz", "/healthz"], operations: OperationsRoutes(readiness: { throw Broken() }))
        #expect(failing[0].0 == 503)
        #expect(json(failing[0].1)["Status"] as? String == "NotReady" && json(failing[0].1)["Message"] as? String == "database unreachable")
        #expect(failing[1].0 == 200, "live all the same")

        let hanging = try await get(["/readyz"], operations: OperationsRoutes(
            readiness: { try await Task.sleep(for: .seconds(60)) }, readinessTimeout: .milliseconds(100)))
        #expect(hanging[0].0 == 503)
        #expect((json(hanging[0].1)["Message"] as? String)?.contains("did not answer") == true)
    }

    @Test func withoutAnEndpointEverythingElseIsNotFound() async throws {
        let answers = try await get(["/", "/?Action=ListWorkflowTasks", "/metrics"], operations: OperationsRoutes())
        for (status, body) in answers {
            #expect(status == 404 && json(body)["Code"] as? String == "InvalidAction.NotFound", "\(body)")
        }
        #expect((json(answers[0].1)["Message"] as? String)?.contains("serves no API") == true)
    }
}
