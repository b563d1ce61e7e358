import Foundation

/// The templates Floe ships (`Type: System`), with stable ids. They are written in the same YAML a user
/// writes, and are installed (or brought up to date) in the store at start-up.
public enum SystemTemplates {
    /// Probe, two H.264/AAC MP4 renditions (720p and 360p) from one decode, and a 640-wide JPEG cover.
    public static let mp4RenditionsID = try! WorkflowID("a0000000000000000000000000000001")
    /// Probe, then the audio as a 192 kbit/s MP3.
    public static let audioToMP3ID = try! WorkflowID("a0000000000000000000000000000002")
    /// Probe, then four 320-wide JPEG snapshots two seconds apart.
    public static let snapshotsID = try! WorkflowID("a0000000000000000000000000000003")
    /// Probe, then an HLS set (fmp4, 6 s segments) of three H.264/AAC renditions from the presets
    /// `h264-1080p`, `h264-720p` and `h264-360p`, encoded from one decode; rungs larger than the input are left out.
    public static let hlsABRID = try! WorkflowID("a0000000000000000000000000000004")

    static let sources: [(WorkflowID, String)] = [
        (mp4RenditionsID, """
        Name: mp4-renditions-and-cover
        Activities:
          Start: {Type: Start, Parameters: {TriggerMode: Manual}}
          probe: {Type: MediaInfo}
          mp4:
            Type: Transcode
            Parameters:
              Outputs:
                - {Name: 720p, Container: mp4, Video: {Codec: h264, Height: 720, Bitrate: 2500, Preset: veryfast}, Audio: {Codec: aac, Bitrate: 128}}
                - {Name: 360p, Container: mp4, Video: {Codec: h264, Height: 360, Bitrate: 700, Preset: veryfast}, Audio: {Codec: aac, Bitrate: 96}}
          cover: {Type: Snapshot, Parameters: {Time: 1.0, Width: 640, Format: jpg}}
          End: {Type: End}
        Dependencies: {Start: [probe], probe: [mp4, cover], mp4: [End], cover: [End]}
        """),
        (audioToMP3ID, """
        Name: audio-to-mp3
        Activities:
          Start: {Type: Start, Parameters: {TriggerMode: Manual}}
          probe: {Type: MediaInfo}
          mp3:
            Type: Transcode
            Parameters:
              Outputs:
                - {Name: audio, Container: mp3, Audio: {Codec: mp3, Bitrate: 192}}
          End: {Type: End}
        Dependencies: {Start: [probe], probe: [mp3], mp3: [End]}
        """),
        (snapshotsID, """
        Name: snapshots
        Activities:
          Start: {Type: Start, Parameters: {TriggerMode: Manual}}
          probe: {Type: MediaInfo}
          snapshots: {Type: Snapshot, Parameters: {Time: 0, Count: 4, Interval: 2, Width: 320, Format: jpg}}
          End: {Type: End}
        Dependencies: {Start: [probe], probe: [snapshots], snapshots: [End]}
        """),
        (hlsABRID, """
        Name: HLS ABR
        Activities:
          Start: {Type: Start, Parameters: {TriggerMode: Manual}}
          probe: {Type: MediaInfo}
          hls:
            Type: Package
            Parameters:
              Format: hls
              SegmentFormat: fmp4
              SegmentDuration: 6
              Renditions:
                - {TemplateId: h264-1080p}
                - {TemplateId: h264-720p}
                - {TemplateId: h264-360p}
          End: {Type: End}
        Dependencies: {Start: [probe], probe: [hls], hls: [End]}
        """),
    ]

    /// When the system templates were first published; their create and modify time.
    static let published = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    /// Every system template.
    public static let all: [WorkflowTemplate] = sources.map { id, text in
        let document = try! TemplateDocument.parse(text)
        return WorkflowTemplate(id: id, name: document.name, kind: .system, accountID: nil, topology: document.topology,
                                createTime: published, modifiedTime: published)
    }
}
