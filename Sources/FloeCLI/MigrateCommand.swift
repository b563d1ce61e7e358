import ArgumentParser
import FloeApp

/// `floe migrate`: makes or upgrades the store's schema and exits, so an operator upgrades a shared database once,
/// before the new processes start.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Make or upgrade the store's schema (the data folder's SQLite file, or --database-url) and print its versions.",
        discussion: "Every other command also upgrades a store it opens; this one does nothing else."
    )

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        print(try await FloeApplication.migrateStore(try options.configuration()))
    }
}
