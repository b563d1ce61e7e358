import ArgumentParser
import FloeClient
import FloeCore
import Foundation

/// `floe tasks list|show|cancel|watch`: workflow tasks, through the API.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List, show, cancel and watch workflow tasks.",
        subcommands: [List.self, Show.self, Cancel.self, Watch.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tasks, newest first (ListWorkflowTasks).")
        @Option(help: "Only tasks of this WorkflowId.") var workflow: String?
        @Option(help: "Only tasks of templates with this name.") var name: String?
        @Option(help: "Only tasks whose input contains this text (at most 32 characters).") var keyText: String?
        @Option(help: "Tasks per page (1-100).") var limit: Int = 20
        @Option(help: "The token printed after the previous page.") var nextToken: String?
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            var parameters = ["MaxResults": String(limit)]
            parameters["WorkflowId"] = try workflow.map { try WorkflowID($0).rawValue }
            parameters["WorkflowName"] = name
            parameters["KeyText"] = keyText
            parameters["NextToken"] = nextToken
            try await ClientSession.run(client, options) { session in
                let answer = try await session.call("ListWorkflowTasks", parameters)
                guard !client.json else { return }
                for task in try WorkflowTaskInfo.list(answer) {
                    print("\(task.taskID)  \(task.status.padding(toLength: 10, withPad: " ", startingAt: 0))  \(task.createTime ?? "")  \(task.workflowName ?? "")")
                }
                if let token = answer["NextToken"]?.stringValue, !token.isEmpty { print("next page: --next-token \(token)") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a task, its activities and its outputs (GetWorkflowTask).")
        @Argument(help: "The TaskId.") var id: String
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let taskID = try TaskID(id)
            try await ClientSession.run(client, options) { session in
                let answer = try await session.call("GetWorkflowTask", ["TaskId": taskID.rawValue])
                guard !client.json else { return }
                TaskReport(task: try WorkflowTaskInfo(getWorkflowTaskAnswer: answer), localPath: session.localPath).print()
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a task that has not ended; its running FFmpeg processes are stopped (CancelWorkflowTask).")
        @Argument(help: "The TaskId.") var id: String
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let taskID = try TaskID(id)
            try await ClientSession.run(client, options) { session in
                try await session.call("CancelWorkflowTask", ["TaskId": taskID.rawValue])
                if !client.json { print("\(taskID) Canceled") }
            }
        }
    }

    struct Watch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Follow a task until it ends, a line per activity change (polls GetWorkflowTask).",
            discussion: "Exits 0 when the task succeeds, 1 when it fails or is canceled."
        )
        @Argument(help: "The TaskId.") var id: String
        @OptionGroup var watch: WatchOptions
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let taskID = try TaskID(id)
            try await ClientSession.run(client, options) { session in
                try await watch.follow(taskID.rawValue, session)
            }
        }
    }
}

/// How `floe tasks watch` and `floe start --watch` poll.
struct WatchOptions: ParsableArguments {
    @Option(help: "Seconds between two looks at the task (or media asset) while waiting.")
    var interval: Double = 0.5

    func validate() throws {
        guard interval >= 0.05, interval <= 60 else { throw ValidationError("--interval must be from 0.05 to 60 seconds") }
    }

    /// Watches task `id` until it ends: exits 0 when it succeeded, 1 otherwise. With `--json`, prints the last
    /// answer instead of progress lines.
    func follow(_ id: String, _ session: ClientSession) async throws {
        var watcher = TaskWatcher(client: session.client, taskID: id, interval: .milliseconds(Int64(interval * 1000)))
        watcher.printsProgress = !session.json
        session.warnIfNothingRuns("a task that has not ended")
        let last = try await watcher.watch()
        if session.json, let last { print(JSONValue.object(last.answer).jsonText) }
        guard last?.task.taskStatus == .succeed else { throw ExitCode.failure }
    }
}
