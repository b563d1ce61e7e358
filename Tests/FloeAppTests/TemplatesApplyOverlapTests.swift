import FloeAPI
import FloeCore
import FloeTesting
import Foundation
import Testing

/// `floe templates apply` prints the overlapping templates the API names.
@Suite struct TemplatesApplyOverlapTests {
    let cli = CommandLineTests()
    let log = CallLog()
    static let otherID = "e0000000000000000000000000000004"
    static let overlap: JSONValue = .array([.object([
        "WorkflowId": .string(otherID), "Name": .string("test"), "InputLocation": .string("oss://uploads/test"),
    ])])

    @Test func applyWarnsOfOverlappingBoundLocations() async throws {
        let actions: [any RPCAction] = [
            RecordingAction<ListWorkflowsStub>(log: log, recording: ["Type", "Name", "MaxResults"]) { parameters, _ in
                let existing: [JSONValue] = parameters["Name"] == "test1"
                    ? [.object(["WorkflowId": .string(ClientStubCommandTests.webID), "Name": .string("test1"), "Type": .string("Common")])]
                    : []
                return ["Workflows": .array(existing), "MaxResults": .number(100)]
            },
            RecordingAction<CreateWorkflowStub>(log: log, recording: ["Template"]) { _, _ in
                ["WorkflowId": .string(ClientStubCommandTests.newID), "Workflow": .object([:]), "OverlappingWorkflows": Self.overlap]
            },
            RecordingAction<UpdateWorkflowStub>(log: log, recording: ["WorkflowId", "Template"]) { parameters, _ in
                ["WorkflowId": .string(parameters["WorkflowId"] ?? ""), "OverlappingWorkflows": Self.overlap]
            },
        ]
        let server = try await RPCTestServer(actions: actions)
        func template(_ name: String) throws -> URL {
            let text = """
                Name: \(name)
                Activities: {Start: {Type: Start, Parameters: {InputLocation: "oss://uploads/\(name)"}}, probe: {Type: MediaInfo}, End: {Type: End}}
                Dependencies: {Start: [probe], probe: [End]}
                """
            let file = cli.folder.appending(path: "\(name).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return file
        }
        let warning = "warning: the bound location overlaps that of template 'test' (\(Self.otherID), oss://uploads/test): one file may start both"
        try await server.withHTTP { endpoint in
            let environment = ["FLOE_ACCESS_KEY_ID": server.root.key.id, "FLOE_ACCESS_KEY_SECRET": server.root.secret]
            let created = try await cli.floe(["templates", "apply", try template("test2").path, "--endpoint", endpoint,
                                              "--data-dir", cli.dataDirectory()], environment: environment)
            #expect(created.status == 0, "\(created.output)")
            #expect(created.output.contains(ClientStubCommandTests.newID) && created.output.contains(warning), "\(created.output)")
            let updated = try await cli.floe(["templates", "apply", try template("test1").path, "--endpoint", endpoint,
                                              "--data-dir", cli.dataDirectory()], environment: environment)
            #expect(updated.status == 0, "\(updated.output)")
            #expect(updated.output.contains("updated template 'test1'") && updated.output.contains(warning), "\(updated.output)")
        }
        #expect(log.calls(of: "CreateWorkflow").count == 1 && log.calls(of: "UpdateWorkflow").count == 1)
    }
}
