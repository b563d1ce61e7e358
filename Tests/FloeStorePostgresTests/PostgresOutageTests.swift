import FloeCore
import FloeEngine
import FloeStorePostgres
import FloeTesting
import Foundation
import Synchronization
import Testing

/// The PostgreSQL server stops while store calls are in flight and starts again: every call ends (with its
/// result or an error) and calls succeed again afterwards. A call that never ended wedged the loop that made it
/// (the notifier stopped delivering callbacks after an outage until the process restarted).
@Suite(.enabled(if: PostgresServer.isAvailable, "PostgreSQL is not installed: run scripts/ensure-deps.sh"))
struct PostgresOutageTests {
    /// What the callers are doing: the calls in flight (by caller) and when each began.
    final class Calls: Sendable {
        let state = Mutex((inFlight: [Int: (String, ContinuousClock.Instant)](), succeededAfter: 0, resumed: false, stop: false))
        func begin(_ caller: Int, _ what: String) { state.withLock { $0.inFlight[caller] = (what, .now) } }
        func end(_ caller: Int, succeeded: Bool, counting: Bool) {
            state.withLock {
                $0.inFlight[caller] = nil
                if succeeded && counting { $0.succeededAfter += 1 }
            }
        }
        /// The calls in flight that began before `instant`.
        func inFlight(since instant: ContinuousClock.Instant) -> [String] {
            state.withLock { $0.inFlight.values.filter { $0.1 < instant }.map(\.0) }
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func everyCallInFlightWhenTheServerStopsEnds() async throws {
        try await ThrowawayPostgres.withServer { url, folder in
            // A generous first connection: in a full parallel run the machine is busy with other servers' starts.
            let store = try await PostgresWorkflowStore.open(url: url, timeout: .seconds(120), logger: PostgresServer.quietLogger)
            let template = Samples.template()
            try await store.saveTemplate(template)
            let calls = Calls()
            // Eight callers, each making the calls the services make, one after another, until told to stop.
            // (Unstructured, so that a call that never ends fails the test rather than hanging it.)
            var callers: [Task<Void, Never>] = []
            for caller in 0..<8 {
                callers.append(Task {
                    var round = 0
                    while !calls.state.withLock({ $0.stop }) {
                        round += 1
                        let what = ["claimEvents", "claim", "createTask", "heartbeat"][(caller + round) % 4]
                        calls.begin(caller, what)
                        let counting = calls.state.withLock { $0.resumed }
                        do {
                            switch what {
                            case "claimEvents":
                                _ = try await store.claimEvents(owner: "n\(caller)", limit: 16, leaseDuration: .seconds(30), now: Date())
                            case "claim":
                                _ = try await store.claim(owner: "w\(caller)", limit: 2, leaseDuration: .seconds(30), now: Date())
                            case "createTask":
                                let media = Samples.media()
                                try await store.createMedia(media)
                                try await store.createTask(Samples.task(of: template, on: media), now: Date())
                            default:
                                _ = try await store.heartbeat(.init(taskID: .generate(), name: "a"), owner: "w\(caller)", progress: nil,
                                                              leaseDuration: .seconds(30), now: Date())
                            }
                            calls.end(caller, succeeded: true, counting: counting)
                        } catch {
                            calls.end(caller, succeeded: false, counting: counting)
                            try? await Task.sleep(for: .milliseconds(50))
                        }
                    }
                })
            }
            try await Task.sleep(for: .seconds(1))
            try await ThrowawayPostgres.run("pause", folder)
            try await Task.sleep(for: .seconds(2))
            try await ThrowawayPostgres.run("resume", folder)
            let resumed = ContinuousClock.now
            calls.state.withLock { $0.resumed = true }
            try await eventually("calls succeed again", timeout: .seconds(30)) {
                calls.state.withLock { $0.succeededAfter } >= 40
            }
            // Every call made before the server came back has ended by now, however it ended.
            try await Task.sleep(until: resumed + .seconds(20))
            let stuck = calls.inFlight(since: resumed)
            #expect(stuck.isEmpty, "calls made before the server came back that never ended: \(stuck)")
            calls.state.withLock { $0.stop = true }
            if stuck.isEmpty {
                for caller in callers { await caller.value }
                await store.stop()
            }
        }
    }
}
