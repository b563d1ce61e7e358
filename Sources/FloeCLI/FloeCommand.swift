import ArgumentParser

/// `floe`: the command-line entry point.
@main
struct FloeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floe",
        abstract: "Floe runs media workflows: templates of probe, transcode and snapshot activities, on FFmpeg.",
        subcommands: [ServeCommand.self, WorkerCommand.self, WorkersCommand.self, MigrateCommand.self, RunCommand.self, StartCommand.self, TasksCommand.self, TemplatesCommand.self,
                      MediaCommand.self, EventsCommand.self, KeysCommand.self, UploadCommand.self]
    )
}
