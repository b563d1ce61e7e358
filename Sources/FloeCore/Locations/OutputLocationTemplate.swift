/// Where an activity writes an output: an `oss://bucket/key` pattern with placeholders.
///
/// Placeholders: `{MediaId}`, `{TaskId}`, `{ActivityName}`, `{OutputName}`, `{FileName}` (the input's
/// file name without its extension) and `{Ext}` (the output's extension, without the dot). The resolved
/// text is validated as a ``StorageLocation`` like any other.
public struct OutputLocationTemplate: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The placeholders a pattern may use.
    public enum Placeholder: String, CaseIterable, Sendable {
        case mediaID = "MediaId"
        case taskID = "TaskId"
        case activityName = "ActivityName"
        case outputName = "OutputName"
        case fileName = "FileName"
        case ext = "Ext"
    }

    /// The values placeholders resolve to.
    public struct Values: Sendable {
        public var mediaID: MediaID
        public var taskID: TaskID
        public var activityName: String
        public var outputName: String
        public var fileName: String
        public var ext: String

        public init(mediaID: MediaID, taskID: TaskID, activityName: String, outputName: String, fileName: String, ext: String) {
            self.mediaID = mediaID
            self.taskID = taskID
            self.activityName = activityName
            self.outputName = outputName
            self.fileName = fileName
            self.ext = ext
        }

        func value(of placeholder: Placeholder) -> String {
            switch placeholder {
            case .mediaID: mediaID.rawValue
            case .taskID: taskID.rawValue
            case .activityName: activityName
            case .outputName: outputName
            case .fileName: fileName
            case .ext: ext
            }
        }
    }

    /// The pattern used when a template names no output location: under the output bucket, one folder
    /// per task and activity.
    public static func `default`(bucket: String) -> OutputLocationTemplate {
        try! OutputLocationTemplate("oss://\(bucket)/{TaskId}/{ActivityName}/{OutputName}.{Ext}")
    }

    public let pattern: String
    /// The bucket outputs go to: fixed (no placeholder), so that who may write there is known when the
    /// template is saved.
    public var bucket: String { String(Self.bucketPart(of: pattern)) }

    static func bucketPart(of pattern: String) -> Substring {
        pattern.dropFirst("oss://".count).prefix { $0 != "/" }
    }

    /// Validates `pattern`: a fixed bucket, known placeholders only, balanced braces, and a valid location
    /// once resolved.
    public init(_ pattern: String) throws(FloeError) {
        self.pattern = pattern
        // Resolve with sample values to check the fixed parts (scheme, bucket, key rules).
        let sample = Values(mediaID: .generate(), taskID: .generate(), activityName: "a", outputName: "o", fileName: "f", ext: "mp4")
        let resolved = try resolve(sample)
        guard resolved.isObject else {
            throw .invalidLocation("output location '\(pattern)' names a folder; end it with a file name such as {OutputName}.{Ext}")
        }
        guard !Self.bucketPart(of: pattern).contains("{") else {
            throw .invalidLocation("output location '\(pattern)' has a placeholder in its bucket; the bucket must be fixed")
        }
    }

    /// True when the pattern contains `placeholder`.
    public func uses(_ placeholder: Placeholder) -> Bool {
        pattern.contains("{\(placeholder.rawValue)}")
    }

    /// Substitutes `values` and validates the result.
    public func resolve(_ values: Values) throws(FloeError) -> StorageLocation {
        var text = ""
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw .invalidLocation("output location '\(pattern)' has an unclosed '{'")
            }
            let name = String(rest[rest.index(after: open)..<close])
            guard let placeholder = Placeholder(rawValue: name) else {
                throw .invalidLocation("output location '\(pattern)' uses unknown placeholder {\(name)}; known: \(Placeholder.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", "))")
            }
            text += values.value(of: placeholder)
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        return try StorageLocation(parsing: text)
    }

    public var description: String { pattern }

    public init(from decoder: any Decoder) throws {
        let pattern = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(pattern)
        } catch {
            // A decoding error carries the field's path, so a template error names `OutputLocation`.
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(pattern)
    }
}
