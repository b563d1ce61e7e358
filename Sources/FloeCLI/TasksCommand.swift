import ArgumentParser
import FloeApp
import FloeCore
import FloeEngine
import Foundation

/// `floe tasks list|show|cancel`.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List, show and cancel workflow tasks.",
        subcommands: [List.self, Show.self, Cancel.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the local account's tasks, newest first.")
        @Option(help: "Only tasks of this WorkflowId.") var workflow: String?
        @Option(help: "Only tasks in this state: Init, Processing, Succeed, Failed, Canceled.") var status: String?
        @Option(help: "Tasks per page (1-100).") var limit: Int = 20
        @Option(help: "The token printed after the previous page.") var nextToken: String?
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            var query = TaskQuery(accountID: app.localAccount, page: PageRequest(limit: limit, token: nextToken))
            if let workflow { query.workflowID = try WorkflowID(workflow) }
            if let status {
                guard let value = TaskStatus(rawValue: status) else {
                    throw ValidationError("--status must be one of \(TaskStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                query.status = value
            }
            let page = try await app.store.tasks(query)
            for task in page.items {
                print("\(task.id)  \(task.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  \(WireTime.string(task.createTime))  \(task.workflowName)")
            }
            if let token = page.nextToken { print("next page: --next-token \(token)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a task, its activities and its outputs.")
        @Argument(help: "The TaskId.") var id: String
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            guard let task = try await app.store.task(try TaskID(id)), task.accountID == app.localAccount else {
                throw FloeError.notFound("no task \(id)")
            }
            try await TaskReport(app: app).print(task)
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a task that has not ended; its running FFmpeg processes are stopped.")
        @Argument(help: "The TaskId.") var id: String
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            let taskID = try TaskID(id)
            guard try await app.store.task(taskID)?.accountID == app.localAccount else { throw FloeError.notFound("no task \(id)") }
            let task = try await app.store.cancelTask(taskID, now: Date())
            print("\(task.id) \(task.status.rawValue)")
        }
    }
}
