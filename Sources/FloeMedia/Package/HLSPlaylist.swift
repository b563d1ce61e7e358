import Foundation

/// What Floe reads of an HLS playlist: a master playlist's variants, a media playlist's segments.
public struct HLSPlaylist: Hashable, Sendable {
    /// One `#EXT-X-STREAM-INF` entry of a master playlist.
    public struct Variant: Hashable, Sendable {
        /// The media playlist's URI, as written (relative to the master).
        public var uri: String
        public var bandwidth: Int?
        /// `RESOLUTION`, such as `1280x720`.
        public var resolution: String?
    }

    /// One segment of a media playlist.
    public struct Segment: Hashable, Sendable {
        public var uri: String
        /// `#EXTINF` duration in seconds.
        public var duration: Double
    }

    public var variants: [Variant] = []
    public var segments: [Segment] = []
    /// `#EXT-X-MAP` URIs (fmp4 init segments).
    public var initSegments: [String] = []

    /// Reads `text`; unknown tags are skipped.
    public init(_ text: String) {
        var pendingVariant: Variant?
        var pendingDuration: Double?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#EXT-X-STREAM-INF:") {
                let attributes = Self.attributes(line.dropFirst("#EXT-X-STREAM-INF:".count))
                pendingVariant = Variant(uri: "", bandwidth: attributes["BANDWIDTH"].flatMap { Int($0) }, resolution: attributes["RESOLUTION"])
            } else if line.hasPrefix("#EXTINF:") {
                pendingDuration = Double(line.dropFirst("#EXTINF:".count).prefix { $0 != "," })
            } else if line.hasPrefix("#EXT-X-MAP:"), let uri = Self.attributes(line.dropFirst("#EXT-X-MAP:".count))["URI"] {
                initSegments.append(uri)
            } else if !line.isEmpty, !line.hasPrefix("#") {
                if var variant = pendingVariant {
                    variant.uri = line
                    variants.append(variant)
                    pendingVariant = nil
                } else if let duration = pendingDuration {
                    segments.append(Segment(uri: line, duration: duration))
                    pendingDuration = nil
                }
            }
        }
    }

    /// Every URI the playlist names: variants, init segments, segments.
    public var uris: [String] { variants.map(\.uri) + initSegments + segments.map(\.uri) }

    /// `KEY=value,KEY="quoted, value"` attributes.
    static func attributes(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var rest = text[...]
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces)
            rest = rest[rest.index(after: equals)...]
            let value: Substring
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let end = body.firstIndex(of: "\"") ?? body.endIndex
                value = body[..<end]
                rest = end < body.endIndex ? body[body.index(after: end)...] : body[end...]
                if rest.first == "," { rest = rest.dropFirst() }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                value = rest[..<end]
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : rest[end...]
            }
            result[key] = String(value)
        }
        return result
    }
}
