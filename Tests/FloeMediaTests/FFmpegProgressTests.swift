import FloeMedia
import Testing

@Suite struct FFmpegProgressTests {
    @Test func outTimeAgainstDuration() {
        var progress = FFmpegProgress(duration: 4)
        #expect(progress.consume("frame=10") == nil)
        #expect(progress.consume("out_time_us=N/A") == nil)
        #expect(progress.consume("out_time_us=1000000") == 25)
        #expect(progress.consume("out_time_ms=2000000") == 50)
        #expect(progress.consume("out_time_us=1500000") == nil) // never goes back
        #expect(progress.consume("out_time_us=9000000") == 100) // clamped
        #expect(progress.percent == 100)
    }

    @Test func endWithoutDuration() {
        var progress = FFmpegProgress(duration: nil)
        #expect(progress.consume("out_time_us=1000000") == nil)
        #expect(progress.consume("progress=continue") == nil)
        #expect(progress.consume("progress=end") == 100)
    }
}
