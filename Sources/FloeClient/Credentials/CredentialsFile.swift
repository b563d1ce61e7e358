import Foundation

/// A credentials file: INI profiles of `name = value` lines, as `floe serve` writes `<data>/credentials` and
/// the Alibaba Cloud CLI its `credentials` files.
///
/// ```
/// # comment (also ; comment)
/// [default]
/// access_key_id = LTAI…
/// access_key_secret = …
/// ```
///
/// Names are case-insensitive; values are trimmed and may be quoted. Lines before the first `[profile]`
/// and malformed lines are errors naming the line number only (a line may hold a secret).
public struct CredentialsFile: Sendable {
    /// The profiles in file order, each with its values by lowercased name.
    public let profiles: [(name: String, values: [String: String])]
    /// Where the text came from, for messages.
    public let path: String

    /// Parses `text`, read from `path`.
    ///
    /// - Throws: ``CredentialsError`` `malformed`.
    public init(parsing text: String, path: String) throws(CredentialsError) {
        var profiles: [(name: String, values: [String: String])] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw CredentialsError(.malformed, "line \(index + 1) of \(path) is not a [profile] header")
                }
                let name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                if !profiles.contains(where: { $0.name == name }) { profiles.append((name, [:])) }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw CredentialsError(.malformed, "line \(index + 1) of \(path) is neither a [profile], a comment nor name = value")
            }
            guard let current = profiles.indices.last else {
                throw CredentialsError(.malformed, "line \(index + 1) of \(path) comes before any [profile] header")
            }
            let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty else { throw CredentialsError(.malformed, "line \(index + 1) of \(path) has no name before '='") }
            profiles[current].values[name] = Self.unquoted(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
        self.profiles = profiles
        self.path = path
    }

    /// Reads and parses `url`.
    ///
    /// - Throws: ``CredentialsError`` `notFound` when there is no file, `unreadable`, `malformed`.
    public static func load(_ url: URL) throws(CredentialsError) -> CredentialsFile {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CredentialsError(.notFound, """
                no credentials: none given (--access-key-id, --access-key-secret), FLOE_ACCESS_KEY_ID and \
                FLOE_ACCESS_KEY_SECRET not set, and no file \(url.path) (`floe serve` writes it on its first start)
                """)
        }
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            throw CredentialsError(.unreadable, "cannot read the credentials file \(url.path)")
        }
        return try CredentialsFile(parsing: text, path: url.path)
    }

    /// The AccessKey of profile `name`.
    ///
    /// - Throws: ``CredentialsError`` `profileNotFound` (naming the profiles there are), `missingKey`.
    public func credentials(profile name: String) throws(CredentialsError) -> Credentials {
        guard let profile = profiles.first(where: { $0.name == name }) else {
            let names = profiles.map { "[\($0.name)]" }.joined(separator: ", ")
            throw CredentialsError(.profileNotFound,
                                   "no profile [\(name)] in \(path)" + (names.isEmpty ? " (it has none)" : " (it has \(names))"))
        }
        for key in ["access_key_id", "access_key_secret"] where (profile.values[key] ?? "").isEmpty {
            throw CredentialsError(.missingKey, "profile [\(name)] of \(path) has no \(key)")
        }
        return Credentials(accessKeyID: profile.values["access_key_id"] ?? "", accessKeySecret: profile.values["access_key_secret"] ?? "",
                           source: .file(path: path, profile: name))
    }

    private static func unquoted(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
