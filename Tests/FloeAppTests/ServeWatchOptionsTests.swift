import Foundation
import Testing

/// `floe serve`'s watcher options are checked before anything starts.
@Suite struct ServeWatchOptionsTests {
    let cli = CommandLineTests()

    @Test(arguments: [["--settle", "0"], ["--watch-interval", "0.01"], ["--settle", "7200"]])
    func outOfRangeWatcherOptionsAreRefused(arguments: [String]) async throws {
        let result = try await cli.floe(["serve", "--port", "0", "--data-dir", cli.dataDirectory()] + arguments)
        #expect(result.status != 0)
        #expect(result.output.contains("--watch-interval and --settle must be between 0.05 and 3600 seconds"), "\(result.output)")
    }
}
