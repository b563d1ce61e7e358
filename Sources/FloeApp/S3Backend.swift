import FloeCore
import FloeStorage
import Foundation

/// The buckets that live on an S3-compatible service instead of local folders, and how to reach it.
public struct S3Backend: Sendable {
    public var configuration: S3Configuration
    /// The Floe buckets kept on S3; every other bucket stays in the data folder.
    public var buckets: Set<String>

    public init(configuration: S3Configuration, buckets: Set<String>) {
        self.configuration = configuration
        self.buckets = buckets
    }

    /// The backend the environment describes, or `nil` when `FLOE_S3_BUCKETS` is unset or empty:
    /// `FLOE_S3_BUCKETS` (comma-separated Floe bucket names), `FLOE_S3_ENDPOINT` (`http(s)://host[:port]`),
    /// `FLOE_S3_REGION` (default `us-east-1`), `FLOE_S3_ACCESS_KEY_ID`, `FLOE_S3_SECRET_ACCESS_KEY` and
    /// `FLOE_S3_PATH_STYLE` (`true`, the default, or `false` for virtual-host addressing).
    ///
    /// - Throws: `.invalidParameter` naming the variable at fault (never showing the secret).
    public init?(environment: [String: String]) throws(FloeError) {
        let names = (environment["FLOE_S3_BUCKETS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !names.isEmpty else { return nil }
        for name in names {
            do {
                try StorageLocation.validate(bucket: name)
            } catch {
                throw .invalidParameter("FLOE_S3_BUCKETS: \(error.message)")
            }
        }
        func required(_ variable: String) throws(FloeError) -> String {
            guard let value = environment[variable], !value.isEmpty else {
                throw .invalidParameter("\(variable) must be set when FLOE_S3_BUCKETS names buckets")
            }
            return value
        }
        let endpointText = try required("FLOE_S3_ENDPOINT")
        guard let endpoint = URL(string: endpointText) else { throw .invalidParameter("FLOE_S3_ENDPOINT is not a URL") }
        let addressing: S3Configuration.Addressing
        switch (environment["FLOE_S3_PATH_STYLE"] ?? "true").lowercased() {
        case "true", "1", "yes", "": addressing = .pathStyle
        case "false", "0", "no": addressing = .virtualHost
        default: throw .invalidParameter("FLOE_S3_PATH_STYLE must be true or false")
        }
        do {
            self.configuration = try S3Configuration(
                endpoint: endpoint, region: environment["FLOE_S3_REGION"].flatMap { $0.isEmpty ? nil : $0 } ?? "us-east-1",
                accessKeyID: try required("FLOE_S3_ACCESS_KEY_ID"), secretAccessKey: try required("FLOE_S3_SECRET_ACCESS_KEY"),
                addressing: addressing
            )
        } catch {
            throw .invalidParameter("FLOE_S3_*: \(error.message)")
        }
        self.buckets = Set(names)
    }
}
