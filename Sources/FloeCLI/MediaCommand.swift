import ArgumentParser
import FloeClient
import FloeCore
import Foundation

/// `floe media register|show|list`: media assets, through the API.
struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Register, show and list media assets.",
        subcommands: [Register.self, Show.self, List.self]
    )

    /// The `MediaBasicInfo.Status` values at which preparation is over.
    static let preparedStatuses: Set<String> = ["Normal", "PrepareFail"]

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a stored object as a media asset and print its MediaId (RegisterMediaInfo).",
            discussion: "With --wait, wait until it is prepared: exit 0 when its Status is Normal, 1 when PrepareFail."
        )
        @Argument(help: "The object: oss://bucket/key.") var url: String
        @Option(help: "The title (default: the file name).") var title: String?
        @Option(help: "A WorkflowId to start on the new media asset at once.") var workflow: String?
        @Flag(help: "Wait until the media asset is prepared (its file probed).") var wait = false
        @OptionGroup var watch: WatchOptions
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            var parameters = ["InputURL": try StorageLocation(parsing: url).requireObject().description]
            parameters["Title"] = title
            parameters["WorkflowId"] = try workflow.map { try WorkflowID($0).rawValue }
            try await ClientSession.run(client, options) { session in
                let answer = try await session.call("RegisterMediaInfo", parameters)
                let mediaID = try session.member("MediaId", of: answer)
                if !client.json { print(mediaID) }
                guard wait else { return }
                session.warnIfNothingRuns("preparing the media asset")
                var status = ""
                while true {
                    let info = try await session.call("GetMediaInfo", ["MediaId": mediaID], printJSON: false)
                    status = info["MediaInfo"]?["MediaBasicInfo"]?["Status"]?.displayText ?? ""
                    if MediaCommand.preparedStatuses.contains(status) {
                        if client.json { print(JSONValue.object(info).jsonText) }
                        break
                    }
                    try await Task.sleep(for: .milliseconds(Int64(watch.interval * 1000)))
                }
                if !client.json { print("\(mediaID) \(status)") }
                guard status == "Normal" else { throw ExitCode.failure }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a media asset and its files (GetMediaInfo).")
        @Argument(help: "A MediaId, or the InputURL it was registered with.") var reference: String
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let parameters = MediaID.isValid(reference) ? ["MediaId": reference]
                : ["InputURL": try StorageLocation(parsing: reference).requireObject().description]
            try await ClientSession.run(client, options) { session in
                let answer = try await session.call("GetMediaInfo", parameters)
                guard !client.json else { return }
                let media = answer["MediaInfo"]?.objectValue ?? [:]
                let basic = media["MediaBasicInfo"]?.objectValue ?? [:]
                print("MediaId     \(media["MediaId"]?.displayText ?? basic["MediaId"]?.displayText ?? "?")")
                for (label, name) in [("Title", "Title"), ("InputURL", "InputURL"), ("MediaType", "MediaType"),
                                      ("Status", "Status"), ("Created", "CreateTime"), ("Modified", "ModifiedTime")] {
                    if let value = basic[name]?.displayText, !value.isEmpty {
                        print("\(label.padding(toLength: 11, withPad: " ", startingAt: 0)) \(value)")
                    }
                }
                guard case .array(let files)? = media["FileInfoList"], !files.isEmpty else { return }
                print("\nFiles")
                for file in files {
                    let info = file["FileBasicInfo"]?.objectValue ?? [:]
                    print("  \((info["FileType"]?.displayText ?? "?").padding(toLength: 15, withPad: " ", startingAt: 0)) \(info["FileUrl"]?.displayText ?? info["FileName"]?.displayText ?? "?")")
                    let facts = MediaCommand.facts(info)
                    if !facts.isEmpty { print("  \(String(repeating: " ", count: 15)) \(facts.joined(separator: "  "))") }
                    if let url = info["FileUrl"]?.stringValue, let path = session.localPath(of: url) {
                        print("  \(String(repeating: " ", count: 15)) \(path)")
                    }
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List media assets, newest first (ListMediaBasicInfos).")
        @Option(help: "Media assets per page (1-100).") var limit: Int = 20
        @Option(help: "The token printed after the previous page.") var nextToken: String?
        @OptionGroup var client: ClientOptions
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            var parameters = ["MaxResults": String(limit)]
            parameters["NextToken"] = nextToken
            try await ClientSession.run(client, options) { session in
                let answer = try await session.call("ListMediaBasicInfos", parameters)
                guard !client.json else { return }
                if case .array(let items)? = answer["MediaInfos"] {
                    for item in items {
                        let basic = item["MediaBasicInfo"]?.objectValue ?? [:]
                        let id = item["MediaId"]?.displayText ?? basic["MediaId"]?.displayText ?? "?"
                        let status = (basic["Status"]?.displayText ?? "").padding(toLength: 11, withPad: " ", startingAt: 0)
                        let type = (basic["MediaType"]?.displayText ?? "").padding(toLength: 5, withPad: " ", startingAt: 0)
                        print("\(id)  \(status)  \(type)  \(basic["Title"]?.displayText ?? "")  \(basic["InputURL"]?.displayText ?? "")")
                    }
                }
                if let total = answer["TotalCount"]?.displayText { print("\(total) in all") }
                if let token = answer["NextToken"]?.stringValue, !token.isEmpty { print("next page: --next-token \(token)") }
            }
        }
    }

    /// Size, duration and resolution of a `FileBasicInfo`, where known.
    static func facts(_ info: [String: JSONValue]) -> [String] {
        var facts: [String] = []
        if let size = info["FileSize"]?.displayText.flatMap(Int64.init) {
            facts.append(ByteCountFormatter.string(fromByteCount: size, countStyle: .file))
        }
        if let duration = info["Duration"]?.displayText.flatMap(Double.init) { facts.append(String(format: "%.1fs", duration)) }
        if let width = info["Width"]?.displayText, let height = info["Height"]?.displayText, !width.isEmpty, !height.isEmpty {
            facts.append("\(width)x\(height)")
        }
        return facts
    }
}
