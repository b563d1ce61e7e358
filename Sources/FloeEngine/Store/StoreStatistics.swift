import FloeCore

/// How much a store holds now, across all accounts: what `/metrics` reports as gauges
/// (``FloeMetrics/storeGauges(_:)``).
public struct StoreStatistics: Sendable, Equatable {
    /// Tasks by status; a status with none may be absent.
    public var tasks: [TaskStatus: Int]
    /// Activity runs waiting for a worker (`Ready`, due now or later): the work queue's depth.
    public var readyRuns: Int
    /// Activity runs a worker holds a lease on.
    public var runningRuns: Int
    /// Callback events not delivered yet, and those given up on.
    public var pendingEvents: Int
    public var deadEvents: Int
    /// Messages in the callback queues, received or not, until their consumers delete them.
    public var queuedMessages: Int

    public init(tasks: [TaskStatus: Int] = [:], readyRuns: Int = 0, runningRuns: Int = 0, pendingEvents: Int = 0,
                deadEvents: Int = 0, queuedMessages: Int = 0) {
        self.tasks = tasks
        self.readyRuns = readyRuns
        self.runningRuns = runningRuns
        self.pendingEvents = pendingEvents
        self.deadEvents = deadEvents
        self.queuedMessages = queuedMessages
    }
}
