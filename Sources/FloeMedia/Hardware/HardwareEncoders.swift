import FloeCore
import FloeEngine
import Logging

/// The hardware video encoders a machine can use: those that `ffmpeg -encoders` lists and that encode one frame.
///
/// FFmpeg builds (Debian's, the static ones) list NVENC, VA-API and QSV encoders whether or not the machine has
/// the hardware, its driver and the device; only a trial encode tells. ``detect(ffmpeg:runner:timeout:logger:)``
/// runs one per listed encoder, at once, each stopped after `timeout`.
public struct HardwareEncoders: Hashable, Sendable {
    /// The encoders that passed their trial.
    public var usable: Set<HardwareEncoder>

    public init(_ usable: Set<HardwareEncoder> = []) {
        self.usable = usable
    }

    /// No hardware encoder.
    public static let none = HardwareEncoders()

    /// The VA-API render node trial encodes and transcodes use.
    public static let vaapiDevice = "/dev/dri/renderD128"

    /// The families in the order ``encoder(for:family:)`` prefers them.
    static let preference: [HardwareFamily] = [.nvenc, .qsv, .vaapi]

    /// A usable encoder for `codec`: of `family` when given, else of the first family in ``preference`` order.
    public func encoder(for codec: VideoSettings.Codec, family: HardwareFamily? = nil) -> HardwareEncoder? {
        for candidate in family.map({ [$0] }) ?? Self.preference where usable.contains(HardwareEncoder(candidate, codec)) {
            return HardwareEncoder(candidate, codec)
        }
        return nil
    }

    /// What a worker with these encoders advertises (``Capability/hardware(_:)``).
    public var capabilities: Set<Capability> {
        Capability.hardware(usable.map { ($0.family, $0.codec) })
    }

    /// The hardware encoders Floe uses among those an `ffmpeg -hide_banner -encoders` listing names, in listing
    /// order. The listing is a legend, a `------` line, then one line per encoder: flags (`V` first for video),
    /// name, description.
    public static func listed(in listing: String) -> [HardwareEncoder] {
        var encoders: [HardwareEncoder] = []
        var pastLegend = false
        for line in listing.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if !pastLegend {
                pastLegend = fields.first.map { $0.allSatisfy { $0 == "-" } } == true
                continue
            }
            guard fields.count >= 2, fields[0].first == "V", let encoder = HardwareEncoder(name: String(fields[1])),
                  !encoders.contains(encoder) else { continue }
            encoders.append(encoder)
        }
        return encoders
    }

    /// The arguments of the trial of `encoder`: one 256×256 frame of a colour source, encoded and thrown away
    /// (through the render node, uploaded as NV12, for VA-API).
    public static func trialArguments(_ encoder: HardwareEncoder) -> [String] {
        var arguments = ["-hide_banner", "-nostdin", "-v", "error"]
        if encoder.family == .vaapi { arguments += ["-vaapi_device", vaapiDevice] }
        arguments += ["-f", "lavfi", "-i", "color=size=256x256:duration=0.04", "-frames:v", "1"]
        if encoder.family == .vaapi { arguments += ["-vf", "format=nv12,hwupload"] }
        arguments += ["-c:v", encoder.name, "-f", "null", "-"]
        return arguments
    }

    /// Lists `ffmpeg`'s encoders and tries each hardware one it lists (at once, each for at most `timeout`); the
    /// usable ones are those whose trial exited 0. FFmpeg that does not start, or lists nothing, gives ``none``.
    public static func detect(ffmpeg: String, runner: ProcessRunner = ProcessRunner(terminationGracePeriod: .seconds(1)),
                              timeout: Duration = .seconds(10), logger: Logger? = nil) async -> HardwareEncoders {
        let listing: String? = await withTimeout(timeout) {
            var text = ""
            let outcome = try await runner.run(ffmpeg, arguments: ["-hide_banner", "-encoders"]) { text += $0 + "\n" }
            return outcome.termination.isSuccess ? text : nil
        } ?? nil
        guard let listing else {
            logger?.warning("listing FFmpeg's encoders failed; no hardware encoder is used", metadata: ["ffmpeg": "\(ffmpeg)"])
            return .none
        }
        let candidates = listed(in: listing)
        let usable = await withTaskGroup(of: (HardwareEncoder, Bool).self) { group in
            for encoder in candidates {
                group.addTask {
                    let outcome = await withTimeout(timeout) {
                        try await runner.run(ffmpeg, arguments: trialArguments(encoder))
                    }
                    if let outcome, !outcome.termination.isSuccess {
                        let reason = outcome.standardErrorTail.split(whereSeparator: \.isNewline).last.map(String.init) ?? "\(outcome.termination)"
                        logger?.debug("hardware encoder not usable", metadata: ["encoder": "\(encoder)", "reason": "\(reason)"])
                    } else if outcome == nil {
                        logger?.debug("hardware encoder not usable", metadata: ["encoder": "\(encoder)", "reason": "no answer in \(timeout)"])
                    }
                    return (encoder, outcome?.termination.isSuccess == true)
                }
            }
            var usable = Set<HardwareEncoder>()
            for await (encoder, works) in group where works { usable.insert(encoder) }
            return usable
        }
        return HardwareEncoders(usable)
    }

    /// What `body` returns, or `nil` when it throws or takes longer than `timeout` (it is then cancelled, which
    /// stops its process).
    private static func withTimeout<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async -> T? {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { try? await body() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
