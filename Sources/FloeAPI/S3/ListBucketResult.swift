import FloeStorage
import Foundation

/// The `ListBucketResult` document of ListObjectsV2. With `encoding-type=url`, keys, prefixes, the
/// delimiter and `StartAfter` are URL-encoded, as S3 does.
struct ListBucketResult {
    var bucket: String
    var prefix: String
    var delimiter: String?
    var startAfter: String?
    var continuationToken: String?
    var nextContinuationToken: String?
    var maxKeys: Int
    var objects: [ObjectInfo]
    var commonPrefixes: [String]
    var urlEncoded: Bool

    var xml: String {
        func text(_ value: String, encode: Bool = false) -> String {
            S3XML.escape(encode && urlEncoded ? SigV4.uriEncode(value, keepSlash: true) : value)
        }
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
        xml += "<Name>\(text(bucket))</Name><Prefix>\(text(prefix, encode: true))</Prefix>"
        if let delimiter { xml += "<Delimiter>\(text(delimiter, encode: true))</Delimiter>" }
        if let startAfter { xml += "<StartAfter>\(text(startAfter, encode: true))</StartAfter>" }
        if let continuationToken { xml += "<ContinuationToken>\(text(continuationToken))</ContinuationToken>" }
        if let nextContinuationToken { xml += "<NextContinuationToken>\(text(nextContinuationToken))</NextContinuationToken>" }
        xml += "<KeyCount>\(objects.count + commonPrefixes.count)</KeyCount><MaxKeys>\(maxKeys)</MaxKeys>"
        if urlEncoded { xml += "<EncodingType>url</EncodingType>" }
        xml += "<IsTruncated>\(nextContinuationToken != nil)</IsTruncated>"
        for object in objects {
            xml += "<Contents><Key>\(text(object.location.key, encode: true))</Key>"
            xml += "<LastModified>\(S3Endpoint.isoTime(object.modifiedTime))</LastModified>"
            xml += "<ETag>\(text(S3Endpoint.quoted(object.etag)))</ETag><Size>\(object.size)</Size><StorageClass>STANDARD</StorageClass></Contents>"
        }
        for commonPrefix in commonPrefixes {
            xml += "<CommonPrefixes><Prefix>\(text(commonPrefix, encode: true))</Prefix></CommonPrefixes>"
        }
        return xml + "</ListBucketResult>"
    }
}
