import FloeApp
import Logging
import ServiceLifecycle
import Testing

@Suite struct ServiceNameTests {
    /// A service group names each service in its logs; by reflection that was the whole value (kilobytes, and
    /// milliseconds at every start). Every service of `floe serve` is named by its type.
    @Test func everyServiceIsNamedByItsType() async throws {
        let harness = try await AppHarness()
        let api = harness.app.apiService(logger: Logger(label: "test"))
        let names = (harness.services + [api]).map { ServiceGroupConfiguration.ServiceConfiguration(service: $0).serviceName }
        #expect(names == ["LeaseReaper", "WorkerPool", "MediaPreparer", "LocalFolderWatcher", "Notifier", "\(type(of: api))"])
        #expect(names.allSatisfy { $0.count < 60 && !$0.contains("(") || $0.hasPrefix("HTTPService<") })
    }
}
