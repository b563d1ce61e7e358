import ArgumentParser
import FloeCore
import Foundation

/// `floe start`: starts a workflow task on a media asset or an OSS object (StartWorkflow).
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start a workflow task on a media asset or a stored object, and print its TaskId (StartWorkflow).",
        discussion: "With --watch, follow the task to its end: exit 0 when it succeeds, 1 otherwise."
    )

    @Option(help: "The WorkflowId of the template to run.") var workflow: String
    @Option(help: "The MediaId of a registered media asset to run it on.") var media: String?
    @Option(help: "An object to run it on: oss://bucket/key.") var input: String?
    @Option(help: "UserData: a JSON object of at most 512 bytes kept with the task (e.g. {\"NotifyAddress\": \"http://…\"}).") var userData: String?
    @Flag(help: "Do not check that the input object exists and is a media file.") var skipInputVerification = false
    @Flag(help: "Follow the task until it ends.") var watch = false
    @OptionGroup var watchOptions: WatchOptions
    @OptionGroup var client: ClientOptions
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        guard (media == nil) != (input == nil) else { throw ValidationError("give exactly one of --media and --input") }
        if let userData {
            guard (try? JSONValue(jsonText: userData))?.objectValue != nil else {
                throw ValidationError("--user-data must be a JSON object")
            }
        }
    }

    /// `TaskInput`: `{"Type":"Media","Media":id}` or `{"Type":"OSS","Media":"oss://…"}`.
    func taskInput() throws -> String {
        let input: [String: JSONValue] = if let media {
            ["Type": .string("Media"), "Media": .string(try MediaID(media).rawValue)]
        } else {
            ["Type": .string("OSS"), "Media": .string(try StorageLocation(parsing: input ?? "").requireObject().description)]
        }
        return JSONValue.object(input).jsonText
    }

    func run() async throws {
        var parameters = ["WorkflowId": try WorkflowID(workflow).rawValue, "TaskInput": try taskInput()]
        parameters["UserData"] = userData
        if skipInputVerification { parameters["SkipInputVerification"] = "true" }
        try await ClientSession.run(client, options) { session in
            let answer = try await session.call("StartWorkflow", parameters)
            let taskID = try session.member("TaskId", of: answer)
            if !client.json { print(taskID) }
            if watch { try await watchOptions.follow(taskID, session) }
        }
    }
}
