import ArgumentParser
import FloeClient
import FloeCore
import Foundation

/// `floe templates list|show|apply|delete|validate`: workflow templates, through the API (`validate` stays
/// offline).
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List, show, apply, delete and validate workflow templates.",
        subcommands: [List.self, Show.self, Apply.self, Delete.self, Validate.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the system templates and yours (ListWorkflows).")
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await ClientSession.run(client, options) { session in
                let workflows = try await TemplatesCommand.workflows([:], session)
                guard !client.json else { return }
                for workflow in workflows {
                    let kind = (workflow["Type"]?.displayText ?? "").padding(toLength: 6, withPad: " ", startingAt: 0)
                    let status = (workflow["Status"]?.displayText ?? "").padding(toLength: 8, withPad: " ", startingAt: 0)
                    print("\(workflow["WorkflowId"]?.displayText ?? "?")  \(kind)  \(status)  \(workflow["Name"]?.displayText ?? "")")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a template (GetWorkflow).")
        @Argument(help: "The WorkflowId.") var id: String
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let workflowID = try WorkflowID(id)
            try await ClientSession.run(client, options) { session in
                let answer = try await session.call("GetWorkflow", ["WorkflowId": workflowID.rawValue])
                guard !client.json else { return }
                let workflow = answer["Workflow"]?.objectValue ?? [:]
                var header = "# \(workflow["WorkflowId"]?.displayText ?? workflowID.rawValue) \(workflow["Name"]?.displayText ?? "")"
                for name in ["Type", "Status", "MediaType", "TriggerMode", "InputLocation"] {
                    if let value = workflow[name]?.displayText { header += "  \(name)=\(value)" }
                }
                print(header)
                print(workflow["Template"]?.displayText ?? "")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a template from a file, or update yours of the same Name, and print its WorkflowId.",
            discussion: "CreateWorkflow, or UpdateWorkflow when one of your Common templates already has the file's Name."
        )
        @Argument(help: "The template file (JSON or YAML).") var file: String
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (text, document) = try TemplatesCommand.read(file)
            try await ClientSession.run(client, options) { session in
                let existing = try await TemplatesCommand.workflows(["Type": "Common", "Name": document.name], session, printJSON: false)
                    .first { $0["Name"]?.stringValue == document.name && $0["Type"]?.stringValue == "Common" }
                let answer: [String: JSONValue]
                if let id = existing?["WorkflowId"]?.stringValue {
                    answer = try await session.call("UpdateWorkflow", ["WorkflowId": id, "Template": text])
                    if !client.json { print(id) }
                    ClientSession.printError("updated template '\(document.name)'")
                } else {
                    answer = try await session.call("CreateWorkflow", ["Template": text])
                    if !client.json { print(try session.member("WorkflowId", of: answer)) }
                    ClientSession.printError("created template '\(document.name)'")
                }
                TemplatesCommand.warnOverlaps(answer)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete one of your templates; tasks already started go on (DeleteWorkflow).")
        @Argument(help: "The WorkflowId.") var id: String
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let workflowID = try WorkflowID(id)
            try await ClientSession.run(client, options) { session in
                try await session.call("DeleteWorkflow", ["WorkflowId": workflowID.rawValue])
                if !client.json { print("\(workflowID) deleted") }
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a template file (JSON or YAML) without saving it; no server needed.")
        @Argument(help: "The template file.") var file: String

        func run() async throws {
            let document = try TemplatesCommand.read(file).document
            print("\(file): valid template '\(document.name)' with \(document.topology.activities.count) activities")
        }
    }

    /// Prints a warning to standard error for each template an answer's `OverlappingWorkflows` names.
    static func warnOverlaps(_ answer: [String: JSONValue]) {
        guard case .array(let overlapping)? = answer["OverlappingWorkflows"] else { return }
        for other in overlapping.compactMap(\.objectValue) {
            ClientSession.printError("""
                warning: the bound location overlaps that of template '\(other["Name"]?.displayText ?? "")' \
                (\(other["WorkflowId"]?.displayText ?? "?"), \(other["InputLocation"]?.displayText ?? "")): \
                one file may start both
                """)
        }
    }

    /// The text of template file `file`, and the document it holds.
    static func read(_ file: String) throws -> (text: String, document: TemplateDocument) {
        guard let text = try? String(contentsOf: URL(filePath: file), encoding: .utf8) else {
            throw ValidationError("cannot read \(file)")
        }
        return (text, try TemplateDocument.parse(text))
    }

    /// Every template `ListWorkflows` answers with `filters`, page after page; prints each page with `--json`
    /// when `printJSON`.
    static func workflows(_ filters: [String: String], _ session: ClientSession, printJSON: Bool = true) async throws -> [[String: JSONValue]] {
        var all: [[String: JSONValue]] = []
        var token: String?
        repeat {
            var parameters = filters
            parameters["MaxResults"] = "100"
            parameters["NextToken"] = token
            let answer = try await session.call("ListWorkflows", parameters, printJSON: printJSON)
            if case .array(let items)? = answer["Workflows"] { all += items.compactMap(\.objectValue) }
            token = answer["NextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        } while token != nil
        return all
    }
}
