/// The IMS workflow trigger matching rule for one bound location (`Start.Parameters.InputLocation`).
///
/// From the IMS `StartWorkflow` page, section "Workflow Trigger Matching Rules": a file matches when its
/// location starts with the rule's, in the same bucket; a rule that ends in a media file name is compared
/// without its extension, so `…/A/B/C/test.flv` matches `…/A/B/C/test1.flv`. Keys are compared byte for
/// byte (UTF-8), as object storage does: no case folding, no Unicode normalisation. A prefix that stops
/// inside a segment matches every name that begins with it, so the rules `…/test` and `…/test1` both match
/// a file in `test1/`.
///
/// The rule is pure: it says nothing of whether the file exists or is a media file.
public struct InputLocationRule: Hashable, Sendable, CustomStringConvertible {
    /// The bound location, as written in the template.
    public let location: StorageLocation
    /// The key prefix a matching file's key starts with: the location's key, less the extension of a media
    /// file name.
    public let keyPrefix: String

    /// The rule of `location`.
    public init(_ location: StorageLocation) {
        self.location = location
        let ext = location.fileExtension
        if location.isObject, MediaExtensions.video.contains(ext) || MediaExtensions.audio.contains(ext) {
            // The key ends in the file name, which is its base name, a `.` and the extension as written.
            let extensionBytes = location.fileName.utf8.count - location.baseName.utf8.count
            keyPrefix = String(decoding: location.key.utf8.dropLast(extensionBytes), as: UTF8.self)
        } else {
            keyPrefix = location.key
        }
    }

    /// True when `file` lies in the bound location: the same bucket, and a key that starts with ``keyPrefix``.
    public func matches(_ file: StorageLocation) -> Bool {
        file.bucket == location.bucket && file.key.utf8.starts(with: keyPrefix.utf8)
    }

    public var description: String { location.description }
}
