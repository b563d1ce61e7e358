import FloeCore

/// The basic-info parameters that `RegisterMediaInfo` and `UpdateMediaInfo` share, validated: each is `nil`
/// when absent (an empty value counts as absent).
struct MediaDetailsParameters: Sendable {
    static let maximumTitleBytes = 128
    static let maximumDescriptionBytes = 1024
    static let maximumCoverURLBytes = 128
    static let maximumCategoryBytes = 128
    static let maximumUserDataBytes = 1024
    static let maximumTags = 16
    static let maximumTagBytes = 32
    /// `CateId` is a JSON number on the wire, written as an integer below 10^15.
    static let cateIDRange = 0...999_999_999_999_999

    var title: String?
    var description: String?
    var mediaTags: [String]?
    var coverURL: String?
    var userData: String?
    var businessType: MediaAsset.BusinessType?
    var referenceID: String?
    var cateID: Int?
    var category: String?

    /// Reads and validates the parameters. Throws `InvalidParameter` naming the first bad one.
    init(_ parameters: ActionParameters) throws(APIError) {
        title = try Self.text("Title", parameters, maximumBytes: Self.maximumTitleBytes)
        description = try Self.text("Description", parameters, maximumBytes: Self.maximumDescriptionBytes)
        coverURL = try Self.text("CoverURL", parameters, maximumBytes: Self.maximumCoverURLBytes)
        category = try Self.text("Category", parameters, maximumBytes: Self.maximumCategoryBytes)
        mediaTags = try parameters.string("MediaTags").map { text throws(APIError) in try Self.tags(text) }
        userData = try parameters.userData(maximumBytes: Self.maximumUserDataBytes)
        if let text = parameters.string("BusinessType") {
            guard let type = MediaAsset.BusinessType(rawValue: text) else {
                throw .invalidParameter("BusinessType", "'\(ActionParameters.excerpt(text))' is not one of "
                    + MediaAsset.BusinessType.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            businessType = type
        }
        if let text = parameters.string("ReferenceId") {
            guard MediaAsset.Details.isValidReferenceID(text) else {
                throw .invalidParameter("ReferenceId", "it must be 6 to 64 characters of A-Z, a-z, 0-9, '_' and '-'.")
            }
            referenceID = text
        }
        cateID = try parameters.int("CateId", in: Self.cateIDRange)
    }

    /// `details` with every given parameter applied; with `appendTags`, `MediaTags` are added to the existing
    /// ones (each once) instead of replacing them. Throws `InvalidParameter` when the tags grow past the limit.
    func applied(to details: MediaAsset.Details, appendTags: Bool = false) throws(APIError) -> MediaAsset.Details {
        var details = details
        if let title { details.title = title }
        if let description { details.description = description }
        if let coverURL { details.coverURL = coverURL }
        if let category { details.category = category }
        if let userData { details.userData = userData }
        if let businessType { details.businessType = businessType }
        if let referenceID { details.referenceID = referenceID }
        if let cateID { details.cateID = cateID }
        if let mediaTags {
            let tags = appendTags ? MediaLookup.unique(details.mediaTags + mediaTags) : mediaTags
            guard tags.count <= Self.maximumTags else {
                throw .invalidParameter("MediaTags", "the media would have \(tags.count) tags; at most \(Self.maximumTags) are allowed.")
            }
            details.mediaTags = tags
        }
        return details
    }

    /// The title of an asset registered without one: its file name, cut to ``maximumTitleBytes`` whole characters.
    static func defaultTitle(_ fileName: String) -> String {
        var title = ""
        for character in fileName {
            guard title.utf8.count + character.utf8.count <= maximumTitleBytes else { break }
            title.append(character)
        }
        return title
    }

    /// Throws `InvalidParameter` (BusinessType) when a `text` media is not subtitles or a font.
    static func check(mediaType: String, businessType: MediaAsset.BusinessType) throws(APIError) {
        if mediaType == MediaAsset.MediaType.text.rawValue, businessType != .subtitles, businessType != .font {
            throw .invalidParameter("BusinessType", "a text media must be subtitles or font.")
        }
    }

    /// The value of `name`, at most `maximumBytes` bytes of UTF-8.
    private static func text(_ name: String, _ parameters: ActionParameters, maximumBytes: Int) throws(APIError) -> String? {
        guard let value = parameters.string(name) else { return nil }
        guard value.utf8.count <= maximumBytes else {
            throw .invalidParameter(name, "it is \(value.utf8.count) bytes; at most \(maximumBytes) are allowed.")
        }
        return value
    }

    /// Comma-separated tags (``MediaLookup/items(_:)``), at most 16 of at most 32 bytes each.
    private static func tags(_ text: String) throws(APIError) -> [String] {
        let tags = MediaLookup.items(text)
        guard tags.count <= maximumTags else {
            throw .invalidParameter("MediaTags", "it has \(tags.count) tags; at most \(maximumTags) are allowed.")
        }
        if let long = tags.first(where: { $0.utf8.count > maximumTagBytes }) {
            throw .invalidParameter("MediaTags", "the tag '\(ActionParameters.excerpt(long))' is longer than \(maximumTagBytes) bytes.")
        }
        return tags
    }
}
