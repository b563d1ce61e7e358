import FloeEngine
import Logging
import Synchronization

/// The hardware encoders a worker process found when its pool started, shared by the pool (which advertises them
/// as capabilities) and the ``TranscodeActivity`` (which encodes with them). Empty until ``detect(_:logger:)``.
public final class DetectedHardware: Sendable {
    private let encoders: Mutex<HardwareEncoders>

    public init(_ encoders: HardwareEncoders = .none) {
        self.encoders = Mutex(encoders)
    }

    /// What was found (``HardwareEncoders/none`` before detection, or when it is skipped).
    public var current: HardwareEncoders { encoders.withLock { $0 } }

    /// Detects the encoders `configuration`'s FFmpeg can use, keeps them, and returns them as capabilities.
    public func detect(_ configuration: FFmpegConfiguration, logger: Logger? = nil) async -> Set<Capability> {
        let found = await HardwareEncoders.detect(ffmpeg: configuration.ffmpegPath, logger: logger)
        encoders.withLock { $0 = found }
        return found.capabilities
    }
}
