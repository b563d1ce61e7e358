import FloeCore
import Foundation

/// Where an S3-compatible service is and how to reach it. Its description and mirror never show the secret.
public struct S3Configuration: Sendable, CustomStringConvertible, CustomReflectable {
    /// How a bucket is named in request URLs.
    public enum Addressing: String, Sendable {
        /// `https://endpoint/bucket/key` (MinIO, moto, most self-hosted services).
        case pathStyle
        /// `https://bucket.endpoint/key` (AWS).
        case virtualHost
    }

    /// `http(s)://host[:port]`, with no path, query or credentials.
    public let endpoint: URL
    public let region: String
    public let accessKeyID: String
    public let secretAccessKey: String
    public var addressing: Addressing
    /// The S3 bucket of each Floe bucket that is named differently there; other buckets keep their name.
    public let bucketNames: [String: String]
    /// Objects larger than this are uploaded in parts.
    public internal(set) var multipartThreshold: Int
    /// The size of each part but the last (5 MiB to 5 GiB, as S3 requires).
    public internal(set) var partSize: Int
    /// How long one request (one part, one whole small object) may take.
    public var requestTimeout: Duration

    /// The smallest part S3 accepts (except the last).
    public static let minPartSize = 5 * 1024 * 1024

    /// - Throws: `.invalidParameter` for an endpoint that is no plain `http(s)://host[:port]`, an empty region
    ///   or key, an S3 bucket name that is not valid, or part sizes S3 would refuse.
    public init(endpoint: URL, region: String, accessKeyID: String, secretAccessKey: String, addressing: Addressing = .pathStyle,
                bucketNames: [String: String] = [:], multipartThreshold: Int = 16 * 1024 * 1024, partSize: Int = 16 * 1024 * 1024,
                requestTimeout: Duration = .seconds(600)) throws(FloeError) {
        guard let components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = components.host, !host.isEmpty, components.user == nil, components.password == nil,
              components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil
        else {
            throw .invalidParameter("the S3 endpoint must be http(s)://host[:port] with no path")
        }
        guard !region.isEmpty, region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw .invalidParameter("the S3 region must be letters, digits and '-'")
        }
        guard !accessKeyID.isEmpty, !secretAccessKey.isEmpty else { throw .invalidParameter("the S3 access key id and secret must be set") }
        for name in bucketNames.values {
            let allowed = name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-" || $0 == ".") }
            guard (3...63).contains(name.count), allowed else { throw .invalidParameter("'\(name)' is not a valid S3 bucket name") }
        }
        guard partSize >= Self.minPartSize, multipartThreshold >= partSize else {
            throw .invalidParameter("the S3 part size must be at least 5 MiB and the multipart threshold at least the part size")
        }
        var plain = URLComponents()
        plain.scheme = scheme
        plain.host = host
        plain.port = components.port
        self.endpoint = plain.url!
        self.region = region
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.addressing = addressing
        self.bucketNames = bucketNames
        self.multipartThreshold = multipartThreshold
        self.partSize = partSize
        self.requestTimeout = requestTimeout
    }

    /// The S3 bucket that holds the Floe bucket `bucket`.
    public func s3Bucket(_ bucket: String) -> String { bucketNames[bucket] ?? bucket }

    /// The signer for these credentials.
    var signer: SigV4 { SigV4(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, region: region) }

    public var description: String {
        "S3Configuration(endpoint: \(endpoint.absoluteString), region: \(region), accessKeyID: \(accessKeyID), secretAccessKey: <redacted>, addressing: \(addressing.rawValue))"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["endpoint": endpoint, "region": region, "accessKeyID": accessKeyID,
                                "secretAccessKey": "<redacted>", "addressing": addressing], displayStyle: .struct)
    }
}
