import ArgumentParser
import FloeApp
import FloeCore
import Foundation

/// `floe keys create|list|enable|disable|delete`: AccessKeys of the data folder's accounts.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make, list, disable and delete AccessKeys.",
        subcommands: [Create.self, List.self, Enable.self, Disable.self, Delete.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an AccessKey and print its secret (shown this once).",
            discussion: "Without options: a RAM key of the local account, allowed what --policy allows. With --new-account: a new account and its root key."
        )
        @Option(help: "A RAM policy file (JSON) for the key.") var policy: String?
        @Flag(help: "Make a new account and its root key.") var newAccount = false
        @Flag(help: "Make a root key (it may do everything in its account).") var root = false
        @Option(help: "The account (UserId) of the key; default: the local account.") var account: String?
        @Option(help: "A note kept with the key.") var description: String?
        @OptionGroup var options: GlobalOptions

        func validate() throws {
            if newAccount, account != nil { throw ValidationError("--new-account and --account exclude each other") }
            if newAccount || root, policy != nil { throw ValidationError("a root key takes no --policy: it may do everything in its account") }
        }

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            let now = Date()
            var accountID = try account.map { try AccountID($0) } ?? app.localAccount
            if newAccount {
                accountID = AccountID.random()
                try await app.store.createAccount(accountID, now: now)
            }
            var document: String?
            if let policy {
                guard let text = try? String(contentsOf: URL(filePath: policy), encoding: .utf8) else {
                    throw ValidationError("cannot read the policy file \(policy)")
                }
                document = text
            }
            let credential = try await app.keyRing.createKey(accountID: accountID, isRoot: newAccount || root,
                                                             policy: document, description: description, now: now)
            print("""
            AccessKeyId      \(credential.key.id)
            AccessKeySecret  \(credential.secret)
            UserId           \(credential.key.accountID)
            Type             \(credential.key.isRoot ? "root" : "RAM")
            """)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List AccessKeys (never their secrets).")
        @Option(help: "Only keys of this account (UserId); default: every account.") var account: String?
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            var accounts = try await app.store.accounts().map(\.id)
            if let account { accounts = [try AccountID(account)] }
            for accountID in accounts {
                for key in try await app.store.accessKeys(of: accountID) {
                    let kind = key.isRoot ? "root" : (key.policy == nil ? "RAM, no policy" : "RAM")
                    print("\(key.id)  \(key.accountID)  \(kind.padding(toLength: 14, withPad: " ", startingAt: 0))  \(key.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(WireTime.string(key.createTime))  \(key.description ?? "")")
                }
            }
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Let a disabled AccessKey sign requests again.")
        @Argument(help: "The AccessKeyId.") var id: String
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await KeysCommand.set(id, to: .active, options)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an AccessKey from signing requests; it can be enabled again.")
        @Argument(help: "The AccessKeyId.") var id: String
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            try await KeysCommand.set(id, to: .inactive, options)
        }
    }

    /// Sets the status of key `id` and says so.
    static func set(_ id: String, to status: AccessKey.Status, _ options: GlobalOptions) async throws {
        let app = try await FloeApplication(configuration: options.configuration())
        try await app.store.setAccessKeyStatus(id, status)
        print("\(id) \(status.rawValue)")
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete an AccessKey for good.")
        @Argument(help: "The AccessKeyId.") var id: String
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let app = try await FloeApplication(configuration: options.configuration())
            guard try await app.store.deleteAccessKey(id) else { throw FloeError.notFound("no AccessKey \(id)") }
            print("\(id) deleted")
        }
    }
}
