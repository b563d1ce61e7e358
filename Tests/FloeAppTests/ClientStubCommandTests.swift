import FloeAPI
import FloeCore
import FloeTesting
import Foundation
import Testing

enum ListWorkflowsStub: StubbedActionName { static let name = "ListWorkflows" }
enum GetWorkflowStub: StubbedActionName { static let name = "GetWorkflow" }
enum CreateWorkflowStub: StubbedActionName { static let name = "CreateWorkflow" }
enum UpdateWorkflowStub: StubbedActionName { static let name = "UpdateWorkflow" }
enum DeleteWorkflowStub: StubbedActionName { static let name = "DeleteWorkflow" }
enum RegisterMediaInfoStub: StubbedActionName { static let name = "RegisterMediaInfo" }
enum GetMediaInfoStub: StubbedActionName { static let name = "GetMediaInfo" }
enum ListMediaBasicInfosStub: StubbedActionName { static let name = "ListMediaBasicInfos" }

/// `floe templates` and `floe media` against stand-ins for the template and media actions: the parameters the
/// commands send, and what they print of the answers.
@Suite struct ClientStubCommandTests {
    let cli = CommandLineTests()
    let log = CallLog()
    static let webID = "b0000000000000000000000000000001"
    static let newID = "c0000000000000000000000000000002"
    static let mediaID = "d0000000000000000000000000000003"

    static let workflows: [JSONValue] = [
        .object(["WorkflowId": .string(SystemTemplates.snapshotsID.rawValue), "Name": .string("snapshots"), "Type": .string("System"), "Status": .string("Active")]),
        .object(["WorkflowId": .string(webID), "Name": .string("web"), "Type": .string("Common"), "Status": .string("Inactive")]),
    ]

    var actions: [any RPCAction] {
        [
            RecordingAction<ListWorkflowsStub>(log: log, recording: ["Type", "Name", "MaxResults", "NextToken"]) { parameters, _ in
                if let name = parameters["Name"] {
                    return ["Workflows": .array(Self.workflows.filter { $0["Name"]?.stringValue == name }), "MaxResults": .number(100)]
                }
                return parameters["NextToken"] == nil
                    ? ["Workflows": .array([Self.workflows[0]]), "NextToken": .string("page-2"), "MaxResults": .number(100)]
                    : ["Workflows": .array([Self.workflows[1]]), "MaxResults": .number(100)]
            },
            RecordingAction<GetWorkflowStub>(log: log, recording: ["WorkflowId"]) { parameters, _ in
                ["Workflow": .object([
                    "WorkflowId": .string(parameters["WorkflowId"] ?? ""), "Name": .string("web"), "Type": .string("Common"),
                    "Status": .string("Active"), "MediaType": .string("OSS"), "TriggerMode": .string("Automatic"),
                    "InputLocation": .string("oss://uploads/web/"), "Template": .string("{\"Name\": \"web\"}"),
                ])]
            },
            RecordingAction<CreateWorkflowStub>(log: log, recording: ["Template", "Status"]) { _, _ in
                ["WorkflowId": .string(Self.newID), "Workflow": .object([:])]
            },
            RecordingAction<UpdateWorkflowStub>(log: log, recording: ["WorkflowId", "Template", "Status"]) { parameters, _ in
                ["WorkflowId": .string(parameters["WorkflowId"] ?? "")]
            },
            RecordingAction<DeleteWorkflowStub>(log: log, recording: ["WorkflowId"]) { parameters, _ in
                guard parameters["WorkflowId"] == Self.webID else {
                    throw APIError(code: "EntityNotExist.Workflow", status: 404, message: "The specified workflow does not exist.")
                }
                return ["WorkflowId": .string(Self.webID)]
            },
            RecordingAction<RegisterMediaInfoStub>(log: log, recording: ["InputURL", "Title", "WorkflowId"]) { parameters, _ in
                ["MediaId": .string(parameters["Title"] == "broken" ? Self.newID : Self.mediaID)]
            },
            RecordingAction<GetMediaInfoStub>(log: log, recording: ["MediaId", "InputURL"]) { parameters, call in
                let broken = parameters["MediaId"] == Self.newID
                let status = call == 1 ? "Preparing" : (broken ? "PrepareFail" : "Normal")
                return ["MediaInfo": .object([
                    "MediaId": .string(Self.mediaID),
                    "MediaBasicInfo": .object([
                        "MediaId": .string(Self.mediaID), "Title": .string("clip"), "InputURL": .string("oss://uploads/a.mp4"),
                        "MediaType": .string("video"), "Status": .string(status), "CreateTime": .string("2026-01-01T00:00:00Z"),
                    ]),
                    "FileInfoList": .array([.object(["FileBasicInfo": .object([
                        "FileName": .string("a.mp4"), "FileUrl": .string("oss://uploads/a.mp4"), "FileSize": .string("2048"),
                        "FileType": .string("source_file"), "Duration": .string("2.000000"), "Width": .string("320"), "Height": .string("180"),
                    ])])]),
                ])]
            },
            RecordingAction<ListMediaBasicInfosStub>(log: log, recording: ["MaxResults", "NextToken"]) { _, _ in
                ["MediaInfos": .array([.object(["MediaId": .string(Self.mediaID), "MediaBasicInfo": .object([
                    "Status": .string("Normal"), "MediaType": .string("video"), "Title": .string("clip"), "InputURL": .string("oss://uploads/a.mp4"),
                ])])]), "NextToken": .string("media-2"), "TotalCount": .number(7)]
            },
        ]
    }

    /// Runs `floe` against `server` with its root key.
    func floe(_ arguments: [String], _ server: RPCTestServer, _ endpoint: String) async throws -> CommandLineTests.Result {
        try await cli.floe(arguments + ["--endpoint", endpoint, "--data-dir", cli.dataDirectory()],
                           environment: ["FLOE_ACCESS_KEY_ID": server.root.key.id, "FLOE_ACCESS_KEY_SECRET": server.root.secret])
    }

    @Test func templatesListShowDeleteAndTheirErrors() async throws {
        let server = try await RPCTestServer(actions: actions)
        try await server.withHTTP { endpoint in
            let listed = try await floe(["templates", "list"], server, endpoint)
            #expect(listed.status == 0, "\(listed.output)")
            #expect(listed.output.contains("\(SystemTemplates.snapshotsID)  System  Active    snapshots"))
            #expect(listed.output.contains("\(Self.webID)  Common  Inactive  web"))
            #expect(log.calls(of: "ListWorkflows").map(\.parameters) == [["MaxResults": "100"], ["MaxResults": "100", "NextToken": "page-2"]])

            let shown = try await floe(["templates", "show", Self.webID], server, endpoint)
            #expect(log.calls(of: "GetWorkflow").last?.parameters == ["WorkflowId": Self.webID])
            #expect(shown.output.contains("# \(Self.webID) web  Type=Common  Status=Active  MediaType=OSS  TriggerMode=Automatic  InputLocation=oss://uploads/web/"))
            #expect(shown.output.contains("{\"Name\": \"web\"}"))

            let deleted = try await floe(["templates", "delete", Self.webID], server, endpoint)
            #expect(deleted.output.contains("\(Self.webID) deleted"))
            let unknown = try await floe(["templates", "delete", Self.newID], server, endpoint)
            #expect(unknown.status == 1)
            #expect(unknown.output.contains("EntityNotExist.Workflow: The specified workflow does not exist. (RequestId "))
            #expect(log.calls(of: "DeleteWorkflow").map { $0.parameters["WorkflowId"] } == [Self.webID, Self.newID])
        }
    }

    @Test func applyUpdatesTheCommonTemplateOfTheSameNameElseCreatesOne() async throws {
        let server = try await RPCTestServer(actions: actions)
        func template(_ name: String) throws -> (URL, String) {
            let text = "Name: \(name)\nActivities: {Start: {Type: Start}, probe: {Type: MediaInfo}, End: {Type: End}}\nDependencies: {Start: [probe], probe: [End]}\n"
            let file = cli.folder.appending(path: "\(name).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            return (file, text)
        }
        let (web, webText) = try template("web")
        let (fresh, freshText) = try template("fresh")
        let (system, _) = try template("snapshots")
        try await server.withHTTP { endpoint in
            let updated = try await floe(["templates", "apply", web.path], server, endpoint)
            #expect(updated.status == 0, "\(updated.output)")
            #expect(updated.output.contains(Self.webID))
            #expect(updated.output.contains("updated template 'web'"))
            #expect(log.calls(of: "ListWorkflows").last?.parameters == ["Type": "Common", "Name": "web", "MaxResults": "100"])
            #expect(log.calls(of: "UpdateWorkflow").map(\.parameters) == [["WorkflowId": Self.webID, "Template": webText]])

            let created = try await floe(["templates", "apply", fresh.path], server, endpoint)
            #expect(created.output.contains(Self.newID))
            #expect(created.output.contains("created template 'fresh'"))
            // A System template of the same name is not the user's to update.
            let shadow = try await floe(["templates", "apply", system.path], server, endpoint)
            #expect(shadow.output.contains("created template 'snapshots'"))
            #expect(log.calls(of: "CreateWorkflow").map { $0.parameters["Template"] } == [freshText, try String(contentsOf: system, encoding: .utf8)])
            #expect(log.calls(of: "UpdateWorkflow").count == 1)
        }
        let invalid = cli.folder.appending(path: "invalid.yaml")
        try "Name: x\nActivities: {Start: {Type: Start}}\n".write(to: invalid, atomically: true, encoding: .utf8)
        let refused = try await cli.floe(["templates", "apply", invalid.path, "--endpoint", "http://127.0.0.1:1"])
        #expect(refused.status != 0)
        #expect(!refused.output.contains("cannot connect"), "checked before any request: \(refused.output)")
    }

    @Test func mediaRegisterWaitsShowsAndLists() async throws {
        let server = try await RPCTestServer(actions: actions)
        try await server.withHTTP { endpoint in
            let registered = try await floe(["media", "register", "oss://uploads/a.mp4", "--title", "clip",
                                             "--workflow", SystemTemplates.snapshotsID.rawValue, "--wait", "--interval", "0.05"], server, endpoint)
            #expect(registered.status == 0, "\(registered.output)")
            #expect(registered.output.contains("\(Self.mediaID)\n"))
            #expect(registered.output.contains("\(Self.mediaID) Normal"))
            #expect(log.calls(of: "RegisterMediaInfo").map(\.parameters) == [
                ["InputURL": "oss://uploads/a.mp4", "Title": "clip", "WorkflowId": SystemTemplates.snapshotsID.rawValue],
            ])
            #expect(log.calls(of: "GetMediaInfo").map(\.parameters) == Array(repeating: ["MediaId": Self.mediaID], count: 2))

            let shown = try await floe(["media", "show", Self.mediaID], server, endpoint)
            #expect(shown.output.contains("MediaId     \(Self.mediaID)"))
            #expect(shown.output.contains("Status      Normal"))
            #expect(shown.output.contains("source_file     oss://uploads/a.mp4"))
            #expect(shown.output.contains("2.0s  320x180"))
            let byURL = try await floe(["media", "show", "oss://uploads/a.mp4"], server, endpoint)
            #expect(byURL.status == 0)
            #expect(log.calls(of: "GetMediaInfo").last?.parameters == ["InputURL": "oss://uploads/a.mp4"])

            let listed = try await floe(["media", "list", "--limit", "5", "--next-token", "media-1"], server, endpoint)
            #expect(log.calls(of: "ListMediaBasicInfos").last?.parameters == ["MaxResults": "5", "NextToken": "media-1"])
            #expect(listed.output.contains("\(Self.mediaID)  Normal       video  clip  oss://uploads/a.mp4"))
            #expect(listed.output.contains("7 in all"))
            #expect(listed.output.contains("next page: --next-token media-2"))
        }
    }

    @Test func mediaRegisterWaitExitsNonZeroWhenPreparationFails() async throws {
        let server = try await RPCTestServer(actions: actions)
        try await server.withHTTP { endpoint in
            let failed = try await floe(["media", "register", "oss://uploads/b.mp4", "--title", "broken", "--wait", "--interval", "0.05"], server, endpoint)
            #expect(failed.status == 1)
            #expect(failed.output.contains("\(Self.newID) PrepareFail"))
            let json = try await floe(["media", "register", "oss://uploads/b.mp4", "--json"], server, endpoint)
            #expect(try JSONValue(jsonText: json.output)["MediaId"] == .string(Self.mediaID))
            let vod = try await floe(["media", "register", "vod://abc"], server, endpoint)
            #expect(vod.status != 0)
            #expect(log.calls(of: "RegisterMediaInfo").count == 2, "refused before any request")
        }
    }
}
