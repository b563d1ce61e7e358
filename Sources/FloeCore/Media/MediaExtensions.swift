/// The file name extensions that make a file media, word for word from the IMS `StartWorkflow` page:
/// "A file either has no extension (i.e., the file name does not contain the extension separator '.'),
/// or its extension must comply with the following rules".
public enum MediaExtensions {
    public static let video: Set<String> = [
        "3gp", "asf", "avi", "dat", "dv", "flv", "f4v", "gif", "m2t", "m3u8", "m4v", "mj2", "mjpeg", "mkv", "mov",
        "mp4", "mpe", "mpg", "mpeg", "mts", "ogg", "qt", "rm", "rmvb", "swf", "ts", "vob", "wmv", "webm",
    ]

    public static let audio: Set<String> = [
        "aac", "ac3", "acm", "amr", "ape", "caf", "flac", "m4a", "mp3", "ra", "wav", "wma", "aiff",
    ]

    /// Still-image extensions: not media for triggers and `StartWorkflow`, but `image` assets when registered.
    public static let image: Set<String> = ["jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff", "heic"]

    /// True when `fileName` has no `.` or ends in one of the listed extensions (compared case-insensitively).
    public static func isMedia(fileName: String) -> Bool {
        guard let dot = fileName.lastIndex(of: ".") else { return true }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        return video.contains(ext) || audio.contains(ext)
    }

    /// `audio`, `image` or `video` by extension; `video` when there is none or it is another one.
    public static func mediaType(fileName: String) -> String {
        guard let dot = fileName.lastIndex(of: ".") else { return "video" }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        if audio.contains(ext) { return "audio" }
        return image.contains(ext) ? "image" : "video"
    }
}
