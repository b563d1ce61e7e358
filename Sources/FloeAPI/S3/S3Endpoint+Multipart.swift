import FloeCore
import FloeStorage
import Foundation

extension S3Endpoint {
    /// CreateMultipartUpload: an upload id for the object.
    func createMultipartUpload(bucket: String, key: String, account: AccountID, now: Date) throws -> S3Response {
        let uploadID = try multipart.create(bucket: bucket, key: key, account: account, now: now)
        let xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<Bucket>\(S3XML.escape(bucket))</Bucket><Key>\(S3XML.escape(key))</Key><UploadId>\(uploadID)</UploadId>"
            + "</InitiateMultipartUploadResult>"
        return S3Response(status: 200, headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
    }

    /// UploadPart: stores the part; its ETag is its MD5.
    func uploadPart(_ number: Int, uploadID: String, bucket: String, key: String, account: AccountID,
                    request: S3Authenticator.Request) throws -> S3Response {
        let folder = try multipart.folder(uploadID, bucket: bucket, key: key, account: account)
        try Self.checkContentMD5(request)
        let etag = try multipart.putPart(number, data: request.body, in: folder)
        return S3Response(status: 200, headers: [("ETag", Self.quoted(etag)), ("Content-Length", "0")])
    }

    /// CompleteMultipartUpload: joins the listed parts, stores the object, ends the upload and hands the object
    /// to the trigger, as a PutObject of the whole.
    func completeMultipartUpload(_ uploadID: String, bucket: String, key: String, account: AccountID,
                                 request: S3Authenticator.Request) async throws -> S3Response {
        let folder = try multipart.folder(uploadID, bucket: bucket, key: key, account: account)
        let parts = try Self.completionParts(request.body)
        let joined = try multipart.join(parts, in: folder)
        let info = try await objectStore.put(try StorageLocation(bucket: bucket, key: key), file: joined)
        multipart.remove(folder)
        await handOver(info)
        let xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<Location>/\(S3XML.escape(bucket))/\(S3XML.escape(key))</Location><Bucket>\(S3XML.escape(bucket))</Bucket>"
            + "<Key>\(S3XML.escape(key))</Key><ETag>\(S3XML.escape(Self.quoted(info.etag)))</ETag></CompleteMultipartUploadResult>"
        return S3Response(status: 200, headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
    }

    /// The parts a `CompleteMultipartUpload` document lists (`MalformedXML` when it is not one).
    static func completionParts(_ body: Data) throws(S3Error) -> [MultipartStaging.PartReference] {
        guard body.count <= maxCompletionBytes else { throw .malformedXML("the document is over \(maxCompletionBytes) bytes.") }
        guard let document = S3XML(parsing: body), document.name == "CompleteMultipartUpload" else {
            throw .malformedXML("expected a CompleteMultipartUpload document.")
        }
        var parts: [MultipartStaging.PartReference] = []
        for part in document.all("Part") {
            guard let text = part.text("PartNumber"), let number = Int(text.trimmingCharacters(in: .whitespaces)),
                  let etag = part.text("ETag") else {
                throw .malformedXML("every Part needs a PartNumber and an ETag.")
            }
            let bare = etag.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            // An ETag becomes part of a file name: 32 hexadecimal digits only.
            guard bare.utf8.count == 32, bare.utf8.allSatisfy(\.isHexDigit) else { throw .invalidPart(number) }
            parts.append(.init(number: number, etag: bare))
        }
        return parts
    }
}

extension UInt8 {
    /// `0-9`, `a-f` or `A-F`.
    var isHexDigit: Bool { (48...57).contains(self) || (65...70).contains(self) || (97...102).contains(self) }
}
