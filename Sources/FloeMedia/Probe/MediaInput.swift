import FloeCore
import FloeEngine
import FloeStorage
import Foundation

/// A task's input, located and probed: what every media activity starts from.
struct MediaInput {
    let location: StorageLocation
    /// Where FFmpeg reads it: a local file or a presigned URL.
    let url: URL
    let probe: MediaProbe

    /// Locates `context.input` in `objectStore` and probes it.
    static func open(_ context: ActivityContext, objectStore: any ObjectStore, ffprobe: FFprobe) async throws -> MediaInput {
        let url = try await objectStore.mediaURL(of: context.input)
        let probe = try await ffprobe.probe(url, name: context.input.description, fileName: context.input.fileName)
        return MediaInput(location: context.input, url: url, probe: probe)
    }

    /// How messages name the input: its `oss://` location, never a local path.
    var name: String { location.description }

    /// The argument FFmpeg is given.
    var path: String { url.isFileURL ? url.path : url.absoluteString }
}

extension MediaFileInfo {
    /// This info as the `FileInfo` of the file stored at `location` with `fileType`.
    func describing(_ location: StorageLocation, as fileType: MediaFile.FileType) -> MediaFileInfo {
        var info = self
        info.fileBasicInfo.fileName = location.fileName
        info.fileBasicInfo.fileType = fileType.rawValue
        info.fileBasicInfo.fileUrl = location.description
        return info
    }
}
