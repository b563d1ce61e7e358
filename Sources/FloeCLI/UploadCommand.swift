import ArgumentParser
import FloeApp
import FloeCore
import FloeStorage
import Foundation

/// `floe upload <file> oss://bucket/key`: writes a local file into a bucket through the configured object store
/// (the data folder's local buckets, or S3 for the buckets of `FLOE_S3_BUCKETS`), then prints its location, size
/// and ETag. It never opens the database: it works beside a running `floe serve`, whose watcher or poller then
/// starts the workflows bound to the location. A local bucket gets the file whole (written aside and renamed
/// into place), so no watcher sees half of it.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Copy a local file into a bucket (local folder or S3); prints its location, size and ETag.",
        discussion: """
        A location ending in / (or naming only a bucket) takes the file's name: `floe upload clip.mp4 oss://uploads/video/` \
        writes oss://uploads/video/clip.mp4. An existing object there is replaced.
        """
    )

    @Argument(help: "The local file to upload.")
    var file: String

    @Argument(help: "Where to put it: oss://bucket/key.")
    var location: String

    @OptionGroup var options: GlobalOptions

    func run() async throws {
        let source = URL(filePath: file)
        let target = try Self.target(location, fileName: source.lastPathComponent)
        // A link is followed: what counts is the file it names.
        let attributes = try? FileManager.default.attributesOfItem(atPath: source.resolvingSymlinksInPath().path)
        switch attributes?[.type] as? FileAttributeType {
        case nil: throw FloeError.invalidParameter("no file at \(file)")
        case .typeDirectory?: throw FloeError.invalidParameter("\(file) is a directory, not a file")
        case .typeRegular?: break
        default: throw FloeError.invalidParameter("\(file) is not a regular file")
        }
        guard FileManager.default.isReadableFile(atPath: source.path) else { throw FloeError.invalidParameter("\(file) is not readable") }
        let store = try FloeApplication.objectStore(options.configuration())
        let info = try await store.put(target, file: source)
        print("\(info.location)  \(info.size) bytes  ETag \(info.etag)")
    }

    /// The object location `text` names; a prefix (empty key or ending in `/`) gets `fileName` appended.
    static func target(_ text: String, fileName: String) throws(FloeError) -> StorageLocation {
        let location = try StorageLocation(parsing: text)
        guard !location.isObject else { return location }
        return try StorageLocation(bucket: location.bucket, key: location.key + fileName)
    }
}
