import FloeCore
import FloeEngine

/// The one `ffmpeg` command line that makes a whole `Package` set: every rendition encoded from one
/// decode of the input (the same split graph as ``TranscodeCommand``), keyframes forced at every multiple
/// of the segment duration so that all renditions cut their segments at the same times, written by FFmpeg's
/// `hls` or `dash` muxer into one folder.
///
/// Files, for a manifest named `<base>`: HLS writes `<base>.m3u8` (the master playlist),
/// `<base>_<rendition>.m3u8`, `<base>_<rendition>_init.mp4` (fmp4) and `<base>_<rendition>_00000.m4s`
/// (or `.ts`) upward; DASH writes `<base>.mpd`, `<base>_<n>_init.m4s` and `<base>_<n>_00001.m4s` upward,
/// `<n>` numbering the streams. Each rendition carries its own audio, if it has any.
public struct PackageCommand: Hashable, Sendable {
    /// The arguments after `ffmpeg`.
    public let arguments: [String]

    /// Builds the command.
    ///
    /// - Parameters:
    ///   - input: the input's path or URL.
    ///   - probe: what ffprobe read of the input.
    ///   - renditions: the renditions to encode, in order (those left out already removed).
    ///   - folder: the local folder the files are written to.
    ///   - baseName: the manifest's file name without its extension.
    /// - Throws: ``ActivityError`` (deterministic) when the input has no video.
    public init(input: String, probe: MediaProbe, parameters: PackageParameters, renditions: [TranscodeOutput],
                folder: String, baseName: String) throws(ActivityError) {
        guard probe.video != nil else {
            throw ActivityError(.invalidInput, "a Package needs a video stream, and the input has none", transient: false)
        }
        var plans: [TranscodeCommand.Plan] = []
        for rendition in renditions {
            plans.append(try TranscodeCommand.Plan(target: .init(output: rendition, path: ""), probe: probe))
        }

        var arguments = TranscodeCommand.head(input: input) + TranscodeCommand.filterGraph(plans, probe: probe)
        var audioCount = 0
        var streams: [(video: Int, audio: Int?, name: String)] = []
        for (index, plan) in plans.enumerated() {
            let output = plan.target.output
            arguments += ["-map", "[v\(index)]"]
            arguments += Self.streamSpecific(TranscodeCommand.Plan.videoEncoder(output.video, container: .mp4), stream: "v:\(index)")
            var audio: Int?
            if plan.audioMapping == .encode {
                arguments += ["-map", "[a\(index)]"]
                arguments += Self.streamSpecific(TranscodeCommand.Plan.audioEncoder(output.audio), stream: "a:\(audioCount)")
                audio = audioCount
                audioCount += 1
            }
            streams.append((index, audio, output.name))
        }
        let duration = MediaProbe.decimal(parameters.segmentDuration, places: 3)
        arguments += ["-force_key_frames:v", "expr:gte(t,n_forced*\(duration))"]

        switch parameters.format {
        case .hls:
            let fmp4 = parameters.segmentFormat == .fmp4
            let map = streams.map { stream in
                "v:\(stream.video)" + (stream.audio.map { ",a:\($0)" } ?? "") + ",name:\(stream.name)"
            }
            arguments += [
                "-f", "hls", "-hls_time", duration, "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
                "-hls_segment_type", fmp4 ? "fmp4" : "mpegts",
                "-hls_segment_filename", "\(folder)/\(baseName)_%v_%05d.\(fmp4 ? "m4s" : "ts")",
            ]
            if fmp4 { arguments += ["-hls_fmp4_init_filename", "\(baseName)_%v_init.mp4"] }
            arguments += ["-master_pl_name", "\(baseName).m3u8", "-var_stream_map", map.joined(separator: " "),
                          "\(folder)/\(baseName)_%v.m3u8"]
        case .dash:
            let sets = audioCount > 0 ? "id=0,streams=v id=1,streams=a" : "id=0,streams=v"
            arguments += [
                "-f", "dash", "-seg_duration", duration, "-use_template", "1", "-use_timeline", "1",
                "-adaptation_sets", sets,
                "-init_seg_name", "\(baseName)_$RepresentationID$_init.m4s",
                "-media_seg_name", "\(baseName)_$RepresentationID$_$Number%05d$.m4s",
                "\(folder)/\(baseName).mpd",
            ]
        }
        self.arguments = arguments
    }

    /// Encoder options (`-c:v libx264 -preset veryfast -b:v 2800k`…, in option–value pairs) made to apply to
    /// one output stream only: `-c:v:1 libx264 -preset:v:1 veryfast -b:v:1 2800k`.
    static func streamSpecific(_ options: [String], stream: String) -> [String] {
        let type = stream.prefix(1)
        var result: [String] = []
        for (offset, token) in options.enumerated() {
            guard offset % 2 == 0 else { result.append(token); continue }
            let index = stream.dropFirst(2)
            result.append(token.hasSuffix(":\(type)") ? "\(token):\(index)" : "\(token):\(stream)")
        }
        return result
    }
}
