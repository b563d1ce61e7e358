/// How a template's input is bound: the `Start` activity's parameters.
public struct StartParameters: Hashable, Sendable, Codable {
    /// When a template runs by itself.
    public enum TriggerMode: String, Hashable, Sendable, Codable {
        /// A media file landing in ``StartParameters/inputLocation`` starts a task.
        case automatic = "Automatic"
        /// Only `StartWorkflow` starts a task.
        case manual = "Manual"
    }

    /// The bound location (a prefix, or a file name); `nil` binds none.
    public var inputLocation: StorageLocation?
    /// `Automatic` (the default when a location is bound) or `Manual`.
    public var triggerMode: TriggerMode

    public init(inputLocation: StorageLocation? = nil, triggerMode: TriggerMode = .manual) {
        self.inputLocation = inputLocation
        self.triggerMode = triggerMode
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case inputLocation = "InputLocation"
        case triggerMode = "TriggerMode"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputLocation = try container.decodeIfPresent(StorageLocation.self, forKey: .inputLocation)
        let mode = try container.decodeIfPresent(String.self, forKey: .triggerMode, oneOf: ["Automatic", "Manual"])
        triggerMode = mode.flatMap(TriggerMode.init(rawValue:)) ?? (inputLocation == nil ? .manual : .automatic)
        if triggerMode == .automatic, inputLocation == nil {
            throw container.fail(.triggerMode, "Automatic needs an InputLocation")
        }
    }
}

/// Parameters of an activity that takes none (`End`, `MediaInfo`).
public struct EmptyParameters: Hashable, Sendable, Codable {
    public init() {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        if let key = container.allKeys.first {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath + [key], debugDescription: "this activity takes no parameters"))
        }
    }
}
