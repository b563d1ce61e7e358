/// The version of a file in a local bucket: its inode, size and modification time (in nanoseconds), in hex.
///
/// It is the ETag `FileSystemObjectStore` reports and the version the local folder watcher hands the trigger,
/// so an upload through Floe and a later scan of the same file name the same version (the trigger ledger then
/// starts one task, not two). A rewrite in place changes the size or mtime; a replacement by rename changes
/// the inode, even when a copy keeps the old mtime.
public enum LocalFileVersion {
    /// The version of a file with these `stat` values.
    public static func string(inode: UInt64, size: UInt64, mtimeNanoseconds: UInt64) -> String {
        "\(String(inode, radix: 16))-\(String(size, radix: 16))-\(String(mtimeNanoseconds, radix: 16))"
    }
}
