import Crypto
import FloeCore
import Foundation

/// Multipart uploads in progress, kept as files until they complete: `<root>/<uploadId>/upload.json` names
/// the object and the account that started the upload, and each part is `part-<number>.<md5>`. Parts are
/// on disk, not in memory, and an upload survives a restart. Completing one joins the listed parts into
/// one file, which the caller stores; the folder then goes. The object store is written only then, so a
/// reader (or a trigger) never sees a partial object.
public struct MultipartStaging: Sendable {
    /// The smallest part but the last, as S3: 5 MiB.
    public static let minimumPartSize = 5 << 20
    /// The highest part number, as S3.
    public static let maximumPartNumber = 10_000

    /// What an upload is for.
    struct Manifest: Codable, Equatable {
        var bucket: String
        var key: String
        var accountID: String
        var initiated: Date
    }

    /// A part the client names in CompleteMultipartUpload.
    public struct PartReference: Equatable, Sendable {
        public var number: Int
        public var etag: String
    }

    let root: URL
    let minimumPartSize: Int

    /// - Parameter minimumPartSize: the smallest part but the last (tests lower it).
    public init(root: URL, minimumPartSize: Int = Self.minimumPartSize) {
        self.root = root.standardizedFileURL
        self.minimumPartSize = minimumPartSize
    }

    /// Starts an upload of `bucket`/`key` for `account`; returns its id (32 hexadecimal digits).
    func create(bucket: String, key: String, account: AccountID, now: Date) throws -> String {
        let uploadID = (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max)) }.joined()
        let folder = root.appending(path: uploadID, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifest = Manifest(bucket: bucket, key: key, accountID: account.rawValue, initiated: now)
        try JSONEncoder().encode(manifest).write(to: folder.appending(path: "upload.json"), options: .atomic)
        return uploadID
    }

    /// The folder of the upload `uploadID` when it is one of `account`'s for `bucket`/`key`; `NoSuchUpload` otherwise
    /// (an id of another object or account is answered as an unknown one).
    func folder(_ uploadID: String, bucket: String, key: String, account: AccountID) throws(S3Error) -> URL {
        // Checked before it becomes a path: 32 hexadecimal digits, nothing else.
        guard uploadID.utf8.count == 32, uploadID.utf8.allSatisfy(\.isHexDigit) else { throw .noSuchUpload() }
        let folder = root.appending(path: uploadID, directoryHint: .isDirectory)
        guard let data = try? Data(contentsOf: folder.appending(path: "upload.json")),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data),
              manifest == Manifest(bucket: bucket, key: key, accountID: account.rawValue, initiated: manifest.initiated) else {
            throw .noSuchUpload()
        }
        return folder
    }

    /// Stores part `number` of the upload in `folder`, replacing an earlier one; returns its ETag (the MD5 of
    /// its bytes, in hexadecimal).
    func putPart(_ number: Int, data: Data, in folder: URL) throws -> String {
        let etag = Hex.encode(Insecure.MD5.hash(data: data))
        let name = Self.partName(number)
        let staged = folder.appending(path: ".\(name).\(UUID().uuidString)")
        try data.write(to: staged)
        let final = folder.appending(path: "\(name).\(etag)")
        _ = try? FileManager.default.removeItem(at: final)
        try FileManager.default.moveItem(at: staged, to: final)
        for other in try FileManager.default.contentsOfDirectory(atPath: folder.path)
        where other.hasPrefix(name + ".") && other != "\(name).\(etag)" {
            try? FileManager.default.removeItem(at: folder.appending(path: other))
        }
        return etag
    }

    /// Joins the parts `references` lists, in order, into one file in `folder` and returns it. Checks as S3
    /// does: parts in ascending order (`InvalidPartOrder`), each uploaded with that ETag (`InvalidPart`), each
    /// but the last at least ``minimumPartSize`` bytes (`EntityTooSmall`).
    func join(_ references: [PartReference], in folder: URL) throws -> URL {
        guard !references.isEmpty else { throw S3Error.malformedXML("CompleteMultipartUpload lists no part.") }
        guard zip(references, references.dropFirst()).allSatisfy({ $0.number < $1.number }) else { throw S3Error.invalidPartOrder() }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        var parts: [URL] = []
        for (index, reference) in references.enumerated() {
            let name = "\(Self.partName(reference.number)).\(reference.etag.lowercased())"
            guard files.contains(name) else { throw S3Error.invalidPart(reference.number) }
            let part = folder.appending(path: name)
            let size = (try FileManager.default.attributesOfItem(atPath: part.path)[.size] as? NSNumber)?.intValue ?? 0
            if index < references.count - 1, size < minimumPartSize { throw S3Error.entityTooSmall() }
            parts.append(part)
        }
        let joined = folder.appending(path: ".object")
        guard FileManager.default.createFile(atPath: joined.path, contents: nil) else {
            throw FloeError(.storage, "could not create \(joined.path)")
        }
        let output = try FileHandle(forWritingTo: joined)
        defer { try? output.close() }
        for part in parts {
            let input = try FileHandle(forReadingFrom: part)
            defer { try? input.close() }
            while let chunk = try input.read(upToCount: 4 << 20), !chunk.isEmpty {
                try output.write(contentsOf: chunk)
            }
        }
        return joined
    }

    /// Removes the upload in `folder` and its parts.
    func remove(_ folder: URL) {
        try? FileManager.default.removeItem(at: folder)
    }

    static func partName(_ number: Int) -> String { String(format: "part-%05d", number) }
}
