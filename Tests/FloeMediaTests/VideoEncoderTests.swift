import FloeCore
import FloeEngine
@testable import FloeMedia
import Testing

@Suite struct VideoEncoderTests {
    static let gpu = HardwareEncoders([HardwareEncoder(.nvenc, .h264), HardwareEncoder(.vaapi, .h264), HardwareEncoder(.qsv, .h265)])

    @Test func offAndUnsetEncodeInSoftware() throws {
        for video in [VideoSettings(codec: .h264), VideoSettings(codec: .h264, hardware: .off)] {
            let choice = try VideoEncoder.choose(for: video, available: Self.gpu)
            #expect(choice.encoder == .software(.h264) && choice.note == nil)
        }
    }

    @Test func autoUsesHardwareWhenPresentElseSoftwareWithANote() throws {
        let h264 = try VideoEncoder.choose(for: VideoSettings(codec: .h264, hardware: .auto), available: Self.gpu)
        #expect(h264.encoder == .hardware(HardwareEncoder(.nvenc, .h264)) && h264.note == nil)
        let av1 = try VideoEncoder.choose(for: VideoSettings(codec: .av1, hardware: .auto), available: Self.gpu)
        #expect(av1.encoder == .software(.av1))
        #expect(av1.note == "no hardware encoder for av1; encoded in software")
        let vp9 = try VideoEncoder.choose(for: VideoSettings(codec: .vp9, hardware: .auto), available: Self.gpu)
        #expect(vp9.encoder == .software(.vp9))
        let none = try VideoEncoder.choose(for: VideoSettings(codec: .h264, hardware: .auto), available: .none)
        #expect(none.encoder == .software(.h264) && none.note == "no hardware encoder for h264; encoded in software")
    }

    @Test func requiredAndFamiliesUseTheirEncoderOrFailAsUnsupported() throws {
        #expect(try VideoEncoder.choose(for: VideoSettings(codec: .h265, hardware: .required), available: Self.gpu).encoder
                == .hardware(HardwareEncoder(.qsv, .h265)))
        #expect(try VideoEncoder.choose(for: VideoSettings(codec: .h264, hardware: .vaapi), available: Self.gpu).encoder
                == .hardware(HardwareEncoder(.vaapi, .h264)))
        for video in [VideoSettings(codec: .h265, hardware: .nvenc), VideoSettings(codec: .av1, hardware: .required)] {
            let error = #expect(throws: ActivityError.self) { try VideoEncoder.choose(for: video, available: Self.gpu) }
            #expect(error?.code == .unsupported && error?.isTransient == false)
        }
    }

    @Test func softwareArgumentsAreUnchanged() {
        #expect(VideoEncoder.software(.h265).arguments(VideoSettings(codec: .h265, crf: 22, preset: "slow", profile: "main10", gop: 250), container: .mp4)
                == ["-c:v", "libx265", "-preset", "slow", "-profile:v", "main10", "-crf", "22", "-x265-params", "log-level=error",
                    "-tag:v", "hvc1", "-g", "250"])
        #expect(VideoEncoder.software(.h264).formatFilters(VideoSettings(codec: .h264)) == ["format=yuv420p"])
        #expect(VideoEncoder.software(.h264).deviceArguments.isEmpty)
    }

    @Test func nvencArguments() {
        let encoder = VideoEncoder.hardware(HardwareEncoder(.nvenc, .h264))
        #expect(encoder.arguments(VideoSettings(codec: .h264, crf: 23, preset: "slow", profile: "high", gop: 48), container: .mp4)
                == ["-c:v", "h264_nvenc", "-preset", "p5", "-profile:v", "high", "-rc", "vbr", "-cq", "23", "-b:v", "0", "-g", "48"])
        #expect(encoder.arguments(VideoSettings(codec: .h264, bitrate: 2500, preset: "ultrafast"), container: .mp4)
                == ["-c:v", "h264_nvenc", "-preset", "p1", "-b:v", "2500k"])
        let hevc = VideoEncoder.hardware(HardwareEncoder(.nvenc, .h265))
        #expect(hevc.arguments(VideoSettings(codec: .h265, bitrate: 4000, profile: "main10"), container: .mov)
                == ["-c:v", "hevc_nvenc", "-profile:v", "main10", "-tag:v", "hvc1", "-b:v", "4000k"])
        #expect(hevc.formatFilters(VideoSettings(codec: .h265, profile: "main10")) == ["format=p010le"])
        let av1 = VideoEncoder.hardware(HardwareEncoder(.nvenc, .av1))
        #expect(av1.arguments(VideoSettings(codec: .av1, crf: 60, preset: "0"), container: .mkv)
                == ["-c:v", "av1_nvenc", "-preset", "p7", "-rc", "vbr", "-cq", "51", "-b:v", "0"])
        #expect(encoder.deviceArguments.isEmpty)
    }

    @Test func qsvArguments() {
        let encoder = VideoEncoder.hardware(HardwareEncoder(.qsv, .h264))
        #expect(encoder.arguments(VideoSettings(codec: .h264, crf: 25, preset: "superfast", profile: "main"), container: .mp4)
                == ["-c:v", "h264_qsv", "-preset", "veryfast", "-profile:v", "main", "-global_quality", "25"])
        #expect(encoder.arguments(VideoSettings(codec: .h264, bitrate: 1200, preset: "medium", gop: 60), container: .ts)
                == ["-c:v", "h264_qsv", "-preset", "medium", "-b:v", "1200k", "-g", "60"])
        #expect(encoder.formatFilters(VideoSettings(codec: .h264)) == ["format=nv12"])
        #expect(encoder.deviceArguments.isEmpty)
    }

    @Test func vaapiArguments() {
        let encoder = VideoEncoder.hardware(HardwareEncoder(.vaapi, .h264))
        #expect(encoder.arguments(VideoSettings(codec: .h264, crf: 0, preset: "slow", profile: "baseline"), container: .mp4)
                == ["-c:v", "h264_vaapi", "-profile:v", "constrained_baseline", "-rc_mode", "CQP", "-qp", "1"])
        #expect(encoder.formatFilters(VideoSettings(codec: .h264)) == ["format=nv12", "hwupload"])
        #expect(encoder.deviceArguments == ["-vaapi_device", "/dev/dri/renderD128"])
        #expect(VideoEncoder.hardware(HardwareEncoder(.vaapi, .h265)).formatFilters(VideoSettings(codec: .h265, profile: "main10"))
                == ["format=p010le", "hwupload"])
    }
}
