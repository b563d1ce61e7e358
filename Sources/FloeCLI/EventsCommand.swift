import ArgumentParser
import FloeClient
import FloeCore
import Foundation

/// `floe events list|replay`: the account's HTTP callback events, through the API.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "List callback events (dead ones by default) and replay dead ones.",
        subcommands: [List.self, Replay.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List callback events, oldest first (ListCallbackEvents).")
        @Option(help: "Pending, Delivered or Dead.") var state: String = "Dead"
        @Option(help: "Events per page (1-100).") var limit: Int = 20
        @Option(help: "The token printed after the previous page.") var nextToken: String?
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            var parameters = ["State": state, "MaxResults": String(limit)]
            parameters["NextToken"] = nextToken
            try await ClientSession.run(client, options) { session in
                let answer = try await session.call("ListCallbackEvents", parameters)
                guard !client.json else { return }
                guard case .array(let events)? = answer["Events"] else { return }
                for event in events {
                    let fields = event.objectValue ?? [:]
                    let text = { (name: String) in fields[name]?.stringValue ?? "" }
                    let attempts = fields["Attempts"].map { "\($0.jsonText)" } ?? "0"
                    print("\(text("EventId"))  \(text("State"))  \(text("CreateTime"))  \(text("EventType"))  \(text("Subject"))  attempts \(attempts)  \(text("URL"))  \(text("LastError"))")
                }
                if let token = answer["NextToken"]?.stringValue, !token.isEmpty { print("next page: --next-token \(token)") }
            }
        }
    }

    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Send a dead event again, from its first attempt (ReplayCallbackEvent).")
        @Argument(help: "The EventId.") var id: String
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let eventID = try EventID(id)
            try await ClientSession.run(client, options) { session in
                try await session.call("ReplayCallbackEvent", ["EventId": eventID.rawValue])
                if !client.json { print("\(eventID) Pending") }
            }
        }
    }
}
