import FloeCore

/// What an activity produced: files to add to the task's media asset, and data for `ActivityResults`.
public struct ActivityResult: Hashable, Sendable, Codable {
    /// Files written (or, for `MediaInfo`, described); each is added to the media asset once.
    public var files: [MediaFile]
    /// Anything else worth reporting, as JSON.
    public var data: JSONValue?

    public init(files: [MediaFile] = [], data: JSONValue? = nil) {
        self.files = files
        self.data = data
    }

    enum CodingKeys: String, CodingKey {
        case files = "Files", data = "Data"
    }
}
