import ArgumentParser
import Foundation
import Yams

/// Where a setting comes from when its flag is not given: the environment (`FLOE_<KEY>`: `slots` is
/// `FLOE_SLOTS`, `data-dir` is `FLOE_DATA_DIR`), else a YAML file of settings (`--config FILE`, else
/// `$FLOE_CONFIG`), else the flag's default. A key is the flag's long name; ``keys`` lists them all, and
/// docs/CONFIGURATION.md has them in one table.
///
/// A value from the environment or the file is read as its flag's would be, so it has the same checks; a bad
/// one, or a key of the file that is no setting, stops the command with a message naming where it came from.
struct Settings: Sendable {
    /// Every key, with the commands that take it (documented in CONFIGURATION.md's table).
    static let keys: [String] = [
        // Every command that opens a data folder.
        "data-dir", "database-url", "slots", "lease", "heartbeat", "ffmpeg", "ffprobe", "probe-library", "stall-timeout", "log-level",
        "hardware",
        // floe serve and floe worker.
        "roles", "host", "port", "s3-port", "watch-interval", "settle", "s3-poll-interval",
        "callback-allow", "callback-timeout", "callback-max-age", "callback-max-backoff", "callback-retention",
        // The S3 backend (no flags: the environment or the file).
        "s3-buckets", "s3-endpoint", "s3-region", "s3-access-key-id", "s3-secret-access-key", "s3-path-style",
    ]

    let environment: [String: String]
    /// The file's settings, as text (a list is joined with commas).
    let file: [String: String]
    /// The file's path, for messages.
    let fileName: String?

    /// The environment variable of `key`.
    static func environmentName(_ key: String) -> String {
        "FLOE_" + key.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The settings of `environment` and of the file at `config` (else `$FLOE_CONFIG`, else none).
    static func load(config: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        guard let path = config ?? environment["FLOE_CONFIG"] else {
            return Settings(environment: environment, file: [:], fileName: nil)
        }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        return Settings(environment: environment, file: try parse(text, name: path), fileName: path)
    }

    /// The settings of a YAML mapping of keys to scalars or lists of scalars.
    static func parse(_ text: String, name: String) throws -> [String: String] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ValidationError("\(name): not YAML: \(error)")
        }
        guard let node else { return [:] }
        guard let mapping = node.mapping else { throw ValidationError("\(name): not a mapping of settings (key: value)") }
        var settings: [String: String] = [:]
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string, keys.contains(key) else {
                throw ValidationError("\(name): '\(keyNode.string ?? "?")' is not a setting; the settings are in docs/CONFIGURATION.md")
            }
            switch valueNode {
            case .scalar(let scalar):
                settings[key] = scalar.string
            case .sequence(let sequence) where sequence.allSatisfy({ $0.scalar != nil }):
                settings[key] = sequence.compactMap(\.scalar?.string).joined(separator: ",")
            default:
                throw ValidationError("\(name): \(key): a value or a list of values")
            }
        }
        return settings
    }

    /// The text of `key` from the environment, else the file, and where it came from.
    func text(_ key: String) -> (value: String, source: String)? {
        let variable = Self.environmentName(key)
        if let value = environment[variable] { return (value, "$\(variable)") }
        if let value = file[key], let fileName { return (value, "\(fileName): \(key)") }
        return nil
    }

    /// `flag` when given, else `key`'s setting read as `T` reads its flag, else nil.
    func value<T: ExpressibleByArgument>(_ key: String, flag: T?) throws -> T? {
        if let flag { return flag }
        guard let (text, source) = text(key) else { return nil }
        guard let value = T(argument: text) else { throw ValidationError("\(source): '\(text)' is not a valid value") }
        return value
    }

    /// `flag` when given, else `key`'s setting, else `fallback`.
    func value<T: ExpressibleByArgument>(_ key: String, flag: T?, default fallback: T) throws -> T {
        try value(key, flag: flag) ?? fallback
    }

    /// The environment with the file's S3 settings added as the `FLOE_S3_*` variables it lacks, for
    /// `S3Backend(environment:)`.
    var s3Environment: [String: String] {
        var merged = environment
        for (key, value) in file where key.hasPrefix("s3-") && key != "s3-port" && key != "s3-poll-interval" {
            let variable = Self.environmentName(key)
            if merged[variable] == nil { merged[variable] = value }
        }
        return merged
    }
}
