import FloeCore
import FloeEngine
import FloeStorage
import Foundation

extension S3Endpoint {
    /// ListBuckets: the caller's account's buckets.
    func listBuckets(account: AccountID) async throws -> S3Response {
        let owned = try await buckets.buckets(of: account)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
        xml += "<Owner><ID>\(account)</ID><DisplayName>\(account)</DisplayName></Owner><Buckets>"
        for bucket in owned {
            xml += "<Bucket><Name>\(S3XML.escape(bucket.name))</Name><CreationDate>\(Self.isoTime(bucket.createTime))</CreationDate></Bucket>"
        }
        xml += "</Buckets></ListAllMyBucketsResult>"
        return S3Response(status: 200, headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
    }

    /// CreateBucket: the bucket becomes the caller's account's (the body, a `CreateBucketConfiguration`, is
    /// not read: Floe has one region).
    func createBucket(_ name: String, account: AccountID, now: Date) async throws -> S3Response {
        switch try await buckets.create(name, account: account, now: now) {
        case .created: return S3Response(status: 200, headers: [("Location", "/\(name)"), ("Content-Length", "0")])
        case .alreadyOwned: throw S3Error.bucketAlreadyOwnedByYou()
        case .takenByAnother: throw S3Error.bucketAlreadyExists()
        }
    }

    /// DeleteBucket: only an empty bucket an account made; the server's own buckets are configuration.
    func deleteBucket(_ name: String) async throws -> S3Response {
        guard try await !buckets.isServerBucket(name) else { throw S3Error.accessDenied("deleting the server bucket \(name)") }
        guard try await objectStore.list(bucket: name, prefix: "", after: nil, limit: 1).objects.isEmpty else {
            throw S3Error.bucketNotEmpty()
        }
        try await buckets.delete(name)
        return S3Response(status: 204)
    }

    /// `2026-11-29T04:35:50.123Z`, as S3 writes times in XML.
    static func isoTime(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
