import FloeCore
import Foundation

/// "A new object version landed": what a source of files (the local folder watcher, the embedded S3 server's
/// completed uploads, an S3 bucket poller) hands to ``Trigger/handle(_:)``.
public struct ObjectEvent: Hashable, Sendable {
    /// Where the object is.
    public var location: StorageLocation
    /// What tells a new version of the object from the same one seen again: its ETag (for a local file,
    /// ``LocalFileVersion``, whichever source saw it). At most 256 bytes.
    public var version: String
    /// The object's size in bytes.
    public var size: Int64
    /// When the object landed: the upload's completion, or for a local file the later of its modification and
    /// status-change times (a copy that keeps an old mtime still lands now).
    public var modifiedTime: Date

    public init(location: StorageLocation, version: String, size: Int64, modifiedTime: Date) {
        self.location = location
        self.version = version
        self.size = size
        self.modifiedTime = modifiedTime
    }

    /// The event of a local file (`inode`) of `size` bytes, modified at `mtimeNanoseconds` (since 1970), whose
    /// status last changed at `ctimeNanoseconds`: its version is ``LocalFileVersion``, the ETag
    /// `FileSystemObjectStore` reports for it.
    public init(location: StorageLocation, inode: UInt64, size: Int64, mtimeNanoseconds: Int64, ctimeNanoseconds: Int64) {
        self.init(location: location,
                  version: LocalFileVersion.string(inode: inode, size: UInt64(max(0, size)), mtimeNanoseconds: UInt64(max(0, mtimeNanoseconds))),
                  size: size,
                  modifiedTime: Date(timeIntervalSince1970: Double(max(mtimeNanoseconds, ctimeNanoseconds)) / 1e9))
    }
}
