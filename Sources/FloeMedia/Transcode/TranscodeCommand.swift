import FloeCore
import FloeEngine

/// The one `ffmpeg` command line that makes every output of a `Transcode` activity from one decode of
/// the input.
///
/// Encoded video goes through `-filter_complex`: the input's main video is `split` once per encoded
/// output, then scaled, resampled in time and converted to the encoder's pixel format; audio likewise with
/// `asplit`. `copy` outputs map the input stream directly. FFmpeg rotates the picture as the input says
/// it is displayed before any filter, so `Width` and `Height` are those of the displayed picture.
///
/// Streams the input lacks are left out of every output: a video output made from an audio-only input
/// holds only the audio, and an output made from an input without audio holds only the video. An output
/// that would hold no stream at all (audio only, from an input without audio; video only, from an input
/// without video) is an `.invalidInput` error naming the output.
public struct TranscodeCommand: Hashable, Sendable {
    /// One output, the local file it is written to, and the encoder of its video.
    public struct Target: Hashable, Sendable {
        public var output: TranscodeOutput
        public var path: String
        /// The encoder chosen for the output's video (``VideoEncoder/choose(for:available:)``); by default the
        /// software one of its codec.
        public var videoEncoder: VideoEncoder
        /// Where FFmpeg reads the output's `Video.Watermark` image (a local path or URL).
        public var watermarkPath: String?

        public init(output: TranscodeOutput, path: String, videoEncoder: VideoEncoder? = nil, watermarkPath: String? = nil) {
            self.output = output
            self.path = path
            self.videoEncoder = videoEncoder ?? .software(output.video.codec)
            self.watermarkPath = watermarkPath
        }
    }

    /// The arguments after `ffmpeg`.
    public let arguments: [String]

    /// Builds the command.
    ///
    /// - Parameters:
    ///   - input: the input's path or URL.
    ///   - probe: what ffprobe read of the input.
    ///   - targets: the outputs, in order.
    /// - Throws: ``ActivityError`` (deterministic) when an output cannot be made from this input.
    public init(input: String, probe: MediaProbe, targets: [Target]) throws(ActivityError) {
        var plans: [Plan] = []
        for target in targets {
            plans.append(try Plan(target: target, probe: probe))
        }
        let inputs = Self.assignInputs(&plans)

        var arguments = Self.head(input: input, inputs: inputs)
        if let device = plans.lazy.map(\.target.videoEncoder.deviceArguments).first(where: { !$0.isEmpty }),
           let firstInput = arguments.firstIndex(of: "-i") {
            arguments.insert(contentsOf: device, at: firstInput)  // before the first `-i`
        }
        arguments += Self.filterGraph(plans, probe: probe)
        for (index, plan) in plans.enumerated() {
            arguments += plan.arguments(index: index)
        }
        self.arguments = arguments
    }

    /// The options before the outputs: quiet, progress on standard output, and the input.
    static func head(input: String) -> [String] {
        ["-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1", "-nostats", "-i", input]
    }

    /// `-filter_complex` with the input's main video split once per plan that encodes video (scaled,
    /// resampled in time, converted) and its audio likewise, ending in `[v<index>]` and `[a<index>]`;
    /// nothing when no plan encodes.
    static func filterGraph(_ plans: [Plan], probe: MediaProbe) -> [String] {
        var graph: [String] = []
        // Outputs with the same Clip read the same input (0 without one) and share its decode.
        for input in Set(plans.map(\.inputIndex)).sorted() {
            let videoEncodes = plans.indices.filter { plans[$0].videoMapping == .encode && plans[$0].inputIndex == input }
            let audioEncodes = plans.indices.filter { plans[$0].audioMapping == .encode && plans[$0].inputIndex == input }
            addBranches(to: &graph, source: "\(input):V:0", split: "split", prefix: "v", outputs: videoEncodes,
                        label: { plans[$0].watermarkInput == nil ? "v\($0)" : "vw\($0)" }) { index in
                videoFilters(plans[index].target.output.video, probe: probe, encoder: plans[index].target.videoEncoder)
            }
            addBranches(to: &graph, source: "\(input):a:0", split: "asplit", prefix: "a", outputs: audioEncodes) { index in
                audioFilters(plans[index].target.output.audio, inputSampleRate: probe.audio?.sampleRate)
            }
        }
        for (index, plan) in plans.enumerated() where plan.videoMapping == .encode {
            if let watermarkInput = plan.watermarkInput, let watermark = plan.target.output.video.watermark {
                graph += watermarkGraph(watermark, input: watermarkInput, index: index, video: plan.target.output.video, probe: probe)
            }
        }
        return graph.isEmpty ? [] : ["-filter_complex", graph.joined(separator: ";")]
    }

    /// Adds `[source]split=n[…]` (when `n` > 1) and one filter chain per output, ending in `[<prefix><index>]`.
    private static func addBranches(to graph: inout [String], source: String, split: String, prefix: String,
                                     outputs: [Int], label: (Int) -> String = { _ in "" }, filters: (Int) -> [String]) {
        guard !outputs.isEmpty else { return }
        var sources = ["[\(source)]"]
        if outputs.count > 1 {
            sources = outputs.map { "[\(prefix)s\($0)]" }
            graph.append("[\(source)]\(split)=\(outputs.count)" + sources.joined())
        }
        for (source, index) in zip(sources, outputs) {
            let chain = filters(index)
            let name = label(index).isEmpty ? "\(prefix)\(index)" : label(index)
            graph.append(source + (chain.isEmpty ? (prefix == "v" ? "null" : "anull") : chain.joined(separator: ",")) + "[\(name)]")
        }
    }

    /// Deinterlacing and tone mapping, scale, frame rate and pixel format (and upload, for VA-API) for an
    /// encoded video output.
    static func videoFilters(_ video: VideoSettings, probe: MediaProbe, encoder: VideoEncoder) -> [String] {
        var filters = preScaleFilters(video, probe: probe)
        switch (video.width, video.height) {
        case let (width?, height?): filters += ["scale=\(width):\(height)", "setsar=1"]
        case let (width?, nil): filters.append("scale=\(width):-2")
        case let (nil, height?): filters.append("scale=-2:\(height)")
        case (nil, nil):
            if let shown = probe.video, shown.displayWidth % 2 != 0 || shown.displayHeight % 2 != 0 {
                filters.append("scale=trunc(iw/2)*2:trunc(ih/2)*2")
            }
        }
        if let fps = video.fps { filters.append("fps=\(MediaProbe.decimal(fps, places: 3))") }
        filters += encoder.formatFilters(video)
        return filters
    }

    /// Sample rate and channel layout for an encoded audio output.
    static func audioFilters(_ audio: AudioSettings, inputSampleRate: Int? = nil) -> [String] {
        var filters: [String] = []
        if let loudnorm = audio.loudnorm {
            // loudnorm works (and outputs) at 192 kHz; back to the asked or the input's rate. (aformat, not
            // aresample: FFmpeg 5.1 cannot then pick a channel layout after loudnorm.)
            filters += [loudnormFilter(loudnorm), "aformat=sample_rates=\(audio.sampleRate ?? inputSampleRate ?? 48000)"]
        } else if let rate = audio.sampleRate {
            filters.append("aresample=\(rate)")
        }
        if let channels = audio.channels { filters.append("aformat=channel_layouts=\(channelLayout(channels))") }
        return filters
    }

    /// FFmpeg's name of the usual layout with `channels` channels.
    static func channelLayout(_ channels: Int) -> String {
        switch channels {
        case 1: "mono"
        case 2: "stereo"
        case 3: "2.1"
        case 4: "quad"
        case 5: "5.0"
        case 6: "5.1"
        case 7: "6.1"
        default: "7.1"
        }
    }
}

extension TranscodeCommand {
    /// How one kind of stream reaches one output.
    enum Mapping: Hashable {
        case absent, copy, encode
    }

    /// What one output takes from the input.
    struct Plan {
        var target: Target
        var videoMapping: Mapping
        var audioMapping: Mapping
        /// The `-i` the output reads: 0, or the input opened with the output's `Clip`.
        var inputIndex = 0
        /// The `-i` of the output's watermark image.
        var watermarkInput: Int?
        /// True when the output's video is tone-mapped from HDR to BT.709.
        var tonemapped = false

        init(target: Target, probe: MediaProbe) throws(ActivityError) {
            self.target = target
            let output = target.output
            videoMapping = switch output.video.codec {
            case .none: .absent
            case _ where probe.video == nil: .absent
            case .copy: .copy
            default: .encode
            }
            audioMapping = switch output.audio.codec {
            case .none: .absent
            case _ where probe.audio == nil: .absent
            case .copy: .copy
            default: .encode
            }
            if videoMapping == .absent, audioMapping == .absent {
                let missing = output.video.codec == .none ? "audio" : "video"
                throw ActivityError(.invalidInput, "output '\(output.name)' (\(output.container.rawValue)) needs \(missing), but the input has no \(missing) stream", transient: false)
            }
            try checkExtras(probe: probe)
            if audioMapping == .copy, let codec = probe.audio?.codecName, let allowed = Self.copyableAudio[output.container], !allowed.contains(codec) {
                throw ActivityError(.unsupported, "output '\(output.name)': the input's \(codec) audio cannot be copied into \(output.container.rawValue); use Codec \(output.container.defaultAudioCodec.rawValue)", transient: false)
            }
        }

        /// Audio codecs (ffprobe names) that `copy` can put in an audio-only container.
        static let copyableAudio: [TranscodeOutput.Container: Set<String>] = [.mp3: ["mp3"], .m4a: ["aac", "alac"]]

        func arguments(index: Int) -> [String] {
            let output = target.output
            var arguments: [String] = []
            switch videoMapping {
            case .absent: break
            case .copy: arguments += ["-map", "\(inputIndex):V:0", "-c:v", "copy"]
            case .encode:
                arguments += ["-map", "[v\(index)]"] + target.videoEncoder.arguments(output.video, container: output.container)
                arguments += colorTags
            }
            switch audioMapping {
            case .absent: break
            case .copy: arguments += ["-map", "\(inputIndex):a:0", "-c:a", "copy"]
            case .encode: arguments += ["-map", "[a\(index)]"] + Self.audioEncoder(output.audio)
            }
            arguments += ["-f", Self.muxer(output.container)]
            if [.mp4, .mov, .m4a].contains(output.container) { arguments += ["-movflags", "+faststart"] }
            arguments.append(target.path)
            return arguments
        }

        static func muxer(_ container: TranscodeOutput.Container) -> String {
            switch container {
            case .mp4: "mp4"
            case .webm: "webm"
            case .mkv: "matroska"
            case .mov: "mov"
            case .ts: "mpegts"
            case .m4a: "ipod"
            case .mp3: "mp3"
            }
        }

        /// The software encoder's options for `video` (``VideoEncoder``).
        static func videoEncoder(_ video: VideoSettings, container: TranscodeOutput.Container) -> [String] {
            VideoEncoder.software(video.codec).arguments(video, container: container)
        }

        static func audioEncoder(_ audio: AudioSettings) -> [String] {
            var arguments: [String]
            switch audio.codec {
            case .aac: arguments = ["-c:a", "aac"]
            case .opus: arguments = ["-c:a", "libopus"]
            case .mp3: arguments = ["-c:a", "libmp3lame"]
            case .copy, .none: return []
            }
            if let bitrate = audio.bitrate { arguments += ["-b:a", "\(bitrate)k"] }
            return arguments
        }
    }
}
