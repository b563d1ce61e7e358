import FloeCore
import Foundation

/// One multipart upload of a local file: initiate, upload parts read from disk one at a time, complete;
/// on any failure (or cancellation) the upload is aborted so S3 keeps no parts.
struct MultipartUpload {
    let store: S3ObjectStore
    let location: StorageLocation
    let size: Int

    /// Uploads the rest of `handle` (positioned at its start).
    func run(_ handle: FileHandle) async throws -> ObjectInfo {
        let action = "writing \(location)"
        let started = try await store.send("POST", location, query: [("uploads", "")], doing: action)
        let document = try await store.xml(started, doing: action)
        guard let uploadID = document.text("UploadId"), !uploadID.isEmpty else {
            throw FloeError(.storage, "\(action): S3 started no multipart upload")
        }
        do {
            var parts: [(number: Int, etag: String)] = []
            var offset = 0
            while offset < size {
                try Task.checkCancellation()
                let count = min(store.configuration.partSize, size - offset)
                let data = try store.read(handle, count: count, location)
                let number = parts.count + 1
                let response = try await store.send("PUT", location, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                                                    body: data, doing: "\(action) (part \(number))")
                guard let etag = response.headers.first(name: "etag") else {
                    throw FloeError(.storage, "\(action): S3 sent no ETag for part \(number)")
                }
                await S3ObjectStore.drain(response)
                parts.append((number, etag))
                offset += count
            }
            let body = "<CompleteMultipartUpload>"
                + parts.map { "<Part><PartNumber>\($0.number)</PartNumber><ETag>\(S3XML.escape($0.etag))</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let completed = try await store.send("POST", location, query: [("uploadId", uploadID)], body: Data(body.utf8), doing: action)
            // S3 may answer 200 and still fail, with an <Error> body.
            let result = try await store.xml(completed, doing: action)
            return ObjectInfo(location: location, size: Int64(size), modifiedTime: Date(), etag: S3ObjectStore.unquoted(result.text("ETag") ?? ""))
        } catch {
            await abort(uploadID)
            throw error
        }
    }

    /// Aborts the upload, even when the calling task is cancelled; a failure to abort is not reported over
    /// the error that caused it.
    private func abort(_ uploadID: String) async {
        let store = self.store
        let location = self.location
        await Task.detached {
            _ = try? await store.send("DELETE", location, query: [("uploadId", uploadID)], doing: "aborting the upload of \(location)",
                                      allowing: [404])
        }.value
    }
}
