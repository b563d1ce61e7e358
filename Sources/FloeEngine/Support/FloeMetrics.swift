import CoreMetrics
import FloeCore

/// What Floe counts and times, made through one `MetricsFactory`: a Prometheus registry in `floe serve`
/// (`FloeApplication.metrics`), nothing by default (``none``). Each service takes one; none bootstraps the
/// process-wide `MetricsSystem`, so tests and several applications in one process keep their own.
///
/// Every label value comes from a closed set (the actions and activity types Floe knows, error codes,
/// outcomes), never from raw request input, so no client can grow the number of series. Every metric always
/// has the same label names.
public struct FloeMetrics: Sendable {
    let factory: any MetricsFactory

    /// Metrics made by `factory`.
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Metrics that go nowhere.
    public static let none = FloeMetrics(factory: NOOPMetricsHandler.instance)

    /// One API request answered: `floe_api_requests_total{action,code}` (`code` is `OK` or the IMS error code;
    /// `action` is `Unknown` for an action Floe does not have) and `floe_api_request_duration_seconds{action}`.
    public func requestAnswered(action: String, code: String, duration: Duration) {
        Counter(label: "floe_api_requests_total", dimensions: [("action", action), ("code", code)], factory: factory).increment()
        Timer(label: "floe_api_request_duration_seconds", dimensions: [("action", action)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// An activity started (`by: 1`) or stopped running (`by: -1`) in this process: `floe_activities_running{type}`.
    public func activityRunning(type: String, by delta: Int) {
        Meter(label: "floe_activities_running", dimensions: [("type", type)], factory: factory).increment(by: Double(delta))
    }

    /// An attempt at an activity ended: `floe_activity_attempts_total{type,outcome}` and
    /// `floe_activity_duration_seconds{type,outcome}` (`outcome`: `succeeded`, `failed`, `canceled`,
    /// `released`, `lost`).
    public func activityEnded(type: String, outcome: String, duration: Duration) {
        let dimensions = [("type", type), ("outcome", outcome)]
        Counter(label: "floe_activity_attempts_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "floe_activity_duration_seconds", dimensions: dimensions, factory: factory).recordNanoseconds(duration.nanoseconds)
    }

    /// The FFmpeg and FFprobe processes this process runs now, read when metrics are scraped:
    /// `floe_ffmpeg_processes`.
    public func ffmpegProcesses(_ count: Int) {
        Gauge(label: "floe_ffmpeg_processes", dimensions: [], factory: factory).record(count)
    }

    /// Runs whose lease expired were given back to the queue (or failed): `floe_lease_reclaims_total`.
    public func leasesReclaimed(_ count: Int) {
        Counter(label: "floe_lease_reclaims_total", dimensions: [], factory: factory).increment(by: Int64(count))
    }

    /// An attempt at a callback ended: `floe_callback_attempts_total{outcome}` (`delivered`, `retry`, `dead`).
    public func callbackAttempt(outcome: String) {
        Counter(label: "floe_callback_attempts_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// Whether the store answered when metrics were last scraped: `floe_store_up` (1 or 0).
    public func storeUp(_ up: Bool) {
        Gauge(label: "floe_store_up", dimensions: [], factory: factory).record(up ? 1 : 0)
    }

    /// What the store holds now, read when metrics are scraped: `floe_tasks{status}`, `floe_runs_ready` (the
    /// queue of activities waiting for a worker), `floe_runs_running`, `floe_callback_events{state}` and
    /// `floe_queue_messages`.
    public func storeGauges(_ statistics: StoreStatistics) {
        for status in TaskStatus.allCases {
            Gauge(label: "floe_tasks", dimensions: [("status", status.rawValue)], factory: factory)
                .record(statistics.tasks[status, default: 0])
        }
        Gauge(label: "floe_runs_ready", dimensions: [], factory: factory).record(statistics.readyRuns)
        Gauge(label: "floe_runs_running", dimensions: [], factory: factory).record(statistics.runningRuns)
        for (state, count) in [("Pending", statistics.pendingEvents), ("Dead", statistics.deadEvents)] {
            Gauge(label: "floe_callback_events", dimensions: [("state", state)], factory: factory).record(count)
        }
        Gauge(label: "floe_queue_messages", dimensions: [], factory: factory).record(statistics.queuedMessages)
    }
}

extension Duration {
    /// The whole duration in nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
