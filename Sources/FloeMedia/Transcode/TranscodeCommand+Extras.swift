import FloeCore
import FloeEngine

/// The parts of a transcode command for `Clip`, `Video.Watermark`, `Video.Deinterlace`, `Video.HDR` and
/// `Audio.Loudnorm`.
extension TranscodeCommand {
    /// One `-i` of the command.
    enum Input: Hashable {
        /// The task's input, whole (`nil`) or cut to a clip with input-side `-ss` and `-t`.
        case media(TranscodeClip?)
        /// A watermark image.
        case image(String)
    }

    /// Numbers the command's inputs and records them in `plans`: input 0 is the task's input with the first
    /// output's clip (or none); every other distinct clip opens the input again; each watermark image is one
    /// more input, after those.
    static func assignInputs(_ plans: inout [Plan]) -> [Input] {
        var inputs: [Input] = []
        for index in plans.indices {
            let media = Input.media(plans[index].target.output.clip)
            if let existing = inputs.firstIndex(of: media) {
                plans[index].inputIndex = existing
            } else {
                plans[index].inputIndex = inputs.count
                inputs.append(media)
            }
        }
        for index in plans.indices where plans[index].videoMapping == .encode {
            if let path = plans[index].target.watermarkPath, plans[index].target.output.video.watermark != nil {
                plans[index].watermarkInput = inputs.count
                inputs.append(.image(path))
            }
        }
        return inputs
    }

    /// ``head(input:)`` with every input of `inputs`: the first clip's `-ss`/`-t` before the input, the
    /// other clips and the watermark images after it.
    static func head(input: String, inputs: [Input]) -> [String] {
        var arguments = head(input: input)
        for (index, item) in inputs.enumerated() {
            switch item {
            case .media(let clip) where index == 0:
                arguments.insert(contentsOf: clipOptions(clip), at: arguments.count - 2)
            case .media(let clip):
                arguments += clipOptions(clip) + ["-i", input]
            case .image(let path):
                arguments += ["-i", path]
            }
        }
        return arguments
    }

    /// `-ss <start> -t <duration>` for `clip` (each when set).
    static func clipOptions(_ clip: TranscodeClip?) -> [String] {
        guard let clip else { return [] }
        var options: [String] = []
        if clip.start > 0 { options += ["-ss", MediaProbe.decimal(clip.start, places: 6)] }
        if let duration = clip.duration { options += ["-t", MediaProbe.decimal(duration, places: 6)] }
        return options
    }

    /// Filters that come before scaling: deinterlacing, then tone mapping of an HDR input.
    static func preScaleFilters(_ video: VideoSettings, probe: MediaProbe) -> [String] {
        var filters: [String] = []
        if video.deinterlace == true { filters.append("bwdif=mode=send_frame") }
        if let shown = probe.video, shown.isHDR, video.hdrMode == .tonemap {
            filters += tonemapFilters(transfer: shown.colorTransfer ?? "smpte2084")
        }
        return filters
    }

    /// HDR (PQ or HLG, BT.2020) to SDR BT.709: linear light, Hable tone curve, BT.709 limited range.
    static func tonemapFilters(transfer: String) -> [String] {
        [
            "zscale=tin=\(transfer):pin=bt2020:min=bt2020nc:t=linear:npl=100", "format=gbrpf32le", "zscale=p=bt709",
            "tonemap=tonemap=hable:desat=0", "zscale=t=bt709:m=bt709:r=tv", "format=yuv420p",
        ]
    }

    /// `loudnorm` with the targets of `loudnorm`.
    static func loudnormFilter(_ loudnorm: Loudnorm) -> String {
        "loudnorm=I=\(MediaProbe.decimal(loudnorm.integrated, places: 2)):TP=\(MediaProbe.decimal(loudnorm.truePeak, places: 2)):LRA=\(MediaProbe.decimal(loudnorm.range, places: 2))"
    }

    /// The width of an output's picture: `Width`, or the displayed width scaled to `Height`, or the
    /// displayed width (made even).
    static func outputWidth(_ video: VideoSettings, probe: MediaProbe) -> Int {
        if let width = video.width { return width }
        guard let shown = probe.video, shown.displayWidth > 0, shown.displayHeight > 0 else { return 2 }
        if let height = video.height {
            return max(2, Int((Double(shown.displayWidth) * Double(height) / Double(shown.displayHeight) / 2).rounded()) * 2)
        }
        return max(2, shown.displayWidth / 2 * 2)
    }

    /// The watermark image of output `index` (input `input`), scaled, laid over `[vw<index>]`, ending in
    /// `[v<index>]` in the output's pixel format.
    static func watermarkGraph(_ watermark: Watermark, input: Int, index: Int, video: VideoSettings, probe: MediaProbe) -> [String] {
        var image = "[\(input):v:0]"
        if let scale = watermark.scale {
            let width = max(2, Int((Double(outputWidth(video, probe: probe)) * scale).rounded()))
            image += "scale=\(width):-1,"
        }
        image += "format=rgba[wm\(index)]"
        let margin = watermark.margin
        let (x, y) = switch watermark.position {
        case .topLeft: ("\(margin)", "\(margin)")
        case .topRight: ("W-w-\(margin)", "\(margin)")
        case .bottomLeft: ("\(margin)", "H-h-\(margin)")
        case .bottomRight: ("W-w-\(margin)", "H-h-\(margin)")
        case .center: ("(W-w)/2", "(H-h)/2")
        }
        let format = video.profile == "main10" ? "format=yuv420p10le" : "format=yuv420p"
        return [image, "[vw\(index)][wm\(index)]overlay=x=\(x):y=\(y):eof_action=repeat,\(format)[v\(index)]"]
    }
}

extension TranscodeCommand.Plan {
    /// Checks what the extras need of the input: a `Clip` that starts before its end, and, for an HDR input,
    /// `Video.HDR` not `Fail`.
    mutating func checkExtras(probe: MediaProbe) throws(ActivityError) {
        let output = target.output
        if let clip = output.clip, let duration = probe.duration, clip.start >= duration {
            throw ActivityError(.invalidParameter, "output '\(output.name)': Clip.Start \(MediaProbe.decimal(clip.start, places: 3)) s is past the end of the input (\(MediaProbe.decimal(duration, places: 3)) s long)", transient: false)
        }
        if videoMapping == .encode, let shown = probe.video, shown.isHDR {
            guard output.video.hdrMode == .tonemap else {
                throw ActivityError(.unsupported, "output '\(output.name)': HDR input (\(shown.colorTransfer ?? "HDR") transfer) is not supported (Video.HDR: Fail)", transient: false)
            }
            tonemapped = true
        }
    }

    /// Output options that tag a tone-mapped output as BT.709.
    var colorTags: [String] {
        tonemapped ? ["-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709"] : []
    }
}
