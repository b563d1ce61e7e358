import FloeCore
import FloeEngine
import FloeTesting
import Foundation
@testable import FloeMedia
import Testing

@Suite struct HardwareEncodersTests {
    /// The lines that matter of Debian's FFmpeg 7 `ffmpeg -hide_banner -encoders`.
    static let listing = """
        Encoders:
         V..... = Video
         A..... = Audio
         S..... = Subtitle
         .F.... = Frame-level multithreading
         ..S... = Slice-level multithreading
         ...X.. = Codec is experimental
         ....B. = Supports draw_horiz_band
         .....D = Supports direct rendering method 1
         ------
         V....D libx264              libx264 H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (codec h264)
         V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)
         V..... h264_qsv             H.264 / AVC / MPEG-4 AVC / MPEG-4 part 10 (Intel Quick Sync Video acceleration) (codec h264)
         V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)
         V....D hevc_nvenc           NVIDIA NVENC hevc encoder (codec hevc)
         V..... hevc_qsv             HEVC (Intel Quick Sync Video acceleration) (codec hevc)
         V....D hevc_vaapi           H.265/HEVC (VAAPI) (codec hevc)
         V....D av1_nvenc            NVIDIA NVENC av1 encoder (codec av1)
         V..... mjpeg_qsv            MJPEG (Intel Quick Sync Video acceleration) (codec mjpeg)
         V....D vp9_vaapi            VP9 (VAAPI) (codec vp9)
         A....D aac                  AAC (Advanced Audio Coding)
        """

    @Test func theListingNamesTheHardwareEncodersFloeUses() {
        #expect(HardwareEncoders.listed(in: Self.listing).map(\.name) == [
            "h264_nvenc", "h264_qsv", "h264_vaapi", "hevc_nvenc", "hevc_qsv", "hevc_vaapi", "av1_nvenc",
        ])
        #expect(HardwareEncoders.listed(in: "Encoders:\n V....D h264_nvenc  legend only, no rule\n").isEmpty,
                "nothing before the ------ line is an encoder")
        #expect(HardwareEncoders.listed(in: "").isEmpty)
        #expect(HardwareEncoder(name: "hevc_vaapi") == HardwareEncoder(.vaapi, .h265))
        #expect(HardwareEncoder(name: "vp9_vaapi") == nil)
        #expect(HardwareEncoder.all.count == 9)
    }

    @Test func trialsEncodeOneFrameAndUploadForVAAPI() {
        #expect(HardwareEncoders.trialArguments(HardwareEncoder(.nvenc, .h264)) == [
            "-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "color=size=256x256:duration=0.04",
            "-frames:v", "1", "-c:v", "h264_nvenc", "-f", "null", "-",
        ])
        #expect(HardwareEncoders.trialArguments(HardwareEncoder(.vaapi, .h265)) == [
            "-hide_banner", "-nostdin", "-v", "error", "-vaapi_device", "/dev/dri/renderD128", "-f", "lavfi", "-i",
            "color=size=256x256:duration=0.04", "-frames:v", "1", "-vf", "format=nv12,hwupload", "-c:v", "hevc_vaapi",
            "-f", "null", "-",
        ])
    }

    @Test func preferenceAndCapabilities() {
        let encoders = HardwareEncoders([HardwareEncoder(.vaapi, .h264), HardwareEncoder(.nvenc, .h264), HardwareEncoder(.qsv, .h265)])
        #expect(encoders.encoder(for: .h264) == HardwareEncoder(.nvenc, .h264), "NVENC first")
        #expect(encoders.encoder(for: .h264, family: .vaapi) == HardwareEncoder(.vaapi, .h264))
        #expect(encoders.encoder(for: .h265, family: .nvenc) == nil)
        #expect(encoders.encoder(for: .av1) == nil)
        #expect(encoders.capabilities == [.hardware(.vaapi, .h264), .hardware(.nvenc, .h264), .hardware(.qsv, .h265),
                                          .anyHardware(.h264), .anyHardware(.h265)])
        #expect(HardwareEncoders.none.capabilities.isEmpty)
    }

    /// A stand-in `ffmpeg`: lists `listing` for `-encoders`; a trial succeeds only for `hevc_nvenc`, hangs for
    /// `av1_nvenc` (stopped by the timeout), and fails for every other encoder.
    func fakeFFmpeg(in folder: URL) throws -> String {
        let listingFile = folder.appending(path: "listing.txt")
        try Self.listing.write(to: listingFile, atomically: true, encoding: .utf8)
        let script = folder.appending(path: "ffmpeg")
        try """
            #!/bin/sh
            case "$*" in
              *-encoders*) cat '\(listingFile.path)'; exit 0 ;;
              *hevc_nvenc*) exit 0 ;;
              *av1_nvenc*) exec sleep 600 ;;
              *) echo "Error while opening encoder for output stream #0:0" >&2; exit 1 ;;
            esac
            """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script.path
    }

    /// The hanging trial sleeps 600 s: detection ends only because its timeout stops it, so the time limit fails
    /// the test if it does not. (The timeout is generous: on a busy machine starting a process can take seconds.)
    @Test(.timeLimit(.minutes(3))) func onlyListedEncodersThatPassTheirTrialAreUsable() async throws {
        let folder = TemporaryFolder("hw")
        let found = await HardwareEncoders.detect(ffmpeg: try fakeFFmpeg(in: folder.url), timeout: .seconds(20))
        #expect(found.usable == [HardwareEncoder(.nvenc, .h265)], "listed but failing, or hanging past the timeout: not usable")
    }

    @Test func noFFmpegMeansNoHardware() async {
        #expect(await HardwareEncoders.detect(ffmpeg: "/nonexistent/ffmpeg").usable.isEmpty)
    }

    /// This machine has no GPU: FFmpeg lists NVENC, VA-API and QSV encoders, and every trial fails.
    @Test func thisMachineHasNoUsableHardwareEncoder() async throws {
        guard let ffmpeg = FFmpegConfiguration.locate("ffmpeg") else { return }
        let hardware = DetectedHardware()
        let capabilities = await hardware.detect(FFmpegConfiguration(ffmpegPath: ffmpeg))
        let present = FileManager.default.fileExists(atPath: "/dev/nvidia0") || FileManager.default.fileExists(atPath: "/dev/dri")
        if !present {
            #expect(capabilities.isEmpty)
            #expect(hardware.current == .none)
        }
    }
}
