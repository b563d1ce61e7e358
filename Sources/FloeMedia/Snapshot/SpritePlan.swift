import FloeCore
import FloeEngine

/// How a `Sprite` snapshot lays out its tiles: one tile every ``interval`` seconds, at most ``maximumTiles``,
/// each ``tileWidth`` x ``tileHeight`` pixels, ``columns`` x ``rows`` tiles to a sheet.
///
/// The tile size is fixed here, from the parameters and the input's displayed size, so that the sheets
/// FFmpeg draws and the `xywh` rectangles of the thumbnail track are computed from the same numbers.
public struct SpritePlan: Hashable, Sendable {
    public var columns: Int
    public var rows: Int
    public var tileWidth: Int
    public var tileHeight: Int
    public var interval: Double
    public var maximumTiles: Int

    public init(columns: Int, rows: Int, tileWidth: Int, tileHeight: Int, interval: Double, maximumTiles: Int) {
        self.columns = columns
        self.rows = rows
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
        self.interval = interval
        self.maximumTiles = maximumTiles
    }

    /// The plan for `parameters` (of type `Sprite`) on an input `probe` describes.
    ///
    /// `Width` and `Height` give the tile size; with one of them the other follows the displayed aspect
    /// ratio; with neither the tile is ``SnapshotParameters/defaultTileWidth`` wide. Without `Interval`,
    /// `Count` tiles are spread over the input's duration.
    ///
    /// - Throws: `.invalidInput` when the input has no video or, without `Interval`, no known duration.
    public init(parameters: SnapshotParameters, probe: MediaProbe) throws(ActivityError) {
        guard let video = probe.video, video.displayWidth > 0, video.displayHeight > 0 else {
            throw ActivityError(.invalidInput, "the input has no video stream to make sprites from", transient: false)
        }
        let aspect = Double(video.displayWidth) / Double(video.displayHeight)
        let (width, height): (Int, Int) = switch (parameters.width, parameters.height) {
        case let (width?, height?): (width, height)
        case let (width?, nil): (width, Self.even(Double(width) / aspect))
        case let (nil, height?): (Self.even(Double(height) * aspect), height)
        case (nil, nil): (SnapshotParameters.defaultTileWidth, Self.even(Double(SnapshotParameters.defaultTileWidth) / aspect))
        }
        var interval = parameters.interval
        if interval == nil {
            guard let duration = probe.duration, duration > 0 else {
                throw ActivityError(.invalidInput, "the input's duration is unknown; give the sprite an Interval", transient: false)
            }
            interval = max(0.04, duration / Double(parameters.count))
        }
        self.init(columns: parameters.columns ?? 5, rows: parameters.rows ?? 5, tileWidth: width, tileHeight: height,
                  interval: interval!, maximumTiles: parameters.count)
    }

    /// `value` rounded to an even number, at least 2.
    static func even(_ value: Double) -> Int {
        max(2, Int((value / 2).rounded()) * 2)
    }

    /// Tiles to a sheet.
    public var tilesPerSheet: Int { columns * rows }

    /// The filter chain from the input's video to single tiles: one frame every ``interval`` seconds, at most
    /// ``maximumTiles``, scaled to the tile size.
    public var tileFilters: [String] {
        [
            "fps=1/\(MediaProbe.decimal(interval, places: 6))", "select='lt(n\\,\(maximumTiles))'",
            "scale=\(tileWidth):\(tileHeight)", "setsar=1",
        ]
    }

    /// Tile `index` (0-based, over all sheets): the sheet number (1-based) and its rectangle in the sheet.
    public func place(ofTile index: Int) -> (sheet: Int, x: Int, y: Int, width: Int, height: Int) {
        let inSheet = index % tilesPerSheet
        return (index / tilesPerSheet + 1, inSheet % columns * tileWidth, inSheet / columns * tileHeight, tileWidth, tileHeight)
    }
}
