import ArgumentParser
import FloeApp
import FloeCore
import Foundation

/// `floe templates list|show|validate`.
struct TemplatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "List, show and validate workflow templates.",
        subcommands: [List.self, Show.self, Validate.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the templates.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            for template in try await app.templates() {
                print("\(template.id)  \(template.kind.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))  \(template.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(template.name)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a template as JSON.")
        @Argument(help: "The WorkflowId.") var id: String
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            let template = try await app.template(try WorkflowID(id).rawValue)
            print("# \(template.id) \(template.kind.rawValue) \(template.status.rawValue)")
            print(template.document.jsonText)
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a template file (JSON or YAML) without saving it.")
        @Argument(help: "The template file.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOf: URL(filePath: file), encoding: .utf8) else {
                throw ValidationError("cannot read \(file)")
            }
            let document = try TemplateDocument.parse(text)
            print("\(file): valid template '\(document.name)' with \(document.topology.activities.count) activities")
        }
    }
}
