import FloeCore
import FloeEngine
import Foundation
import Testing

/// ``ActivityAttempt/overlapping(_:tolerance:)``: the check that no run was held by two workers at once.
@Suite struct ActivityAttemptTests {
    let task = TaskID.generate()
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func attempt(_ name: String = "a", task: TaskID? = nil, owner: String, _ start: Double, _ end: Double?) -> ActivityAttempt {
        ActivityAttempt(taskID: task ?? self.task, name: name, attempt: 1, owner: owner, startTime: t0.addingTimeInterval(start),
                        endTime: end.map { t0.addingTimeInterval($0) }, outcome: end == nil ? nil : .succeeded)
    }

    @Test func backToBackAttemptsDoNotOverlap() {
        let attempts = [attempt(owner: "w1", 0, 10), attempt(owner: "w2", 10, 20), attempt(owner: "w3", 20, nil)]
        #expect(ActivityAttempt.overlapping(attempts).isEmpty)
    }

    @Test func intersectingAttemptsOfOneRunOverlap() {
        let first = attempt(owner: "w1", 0, 10)
        let second = attempt(owner: "w2", 9, 20)
        let pairs = ActivityAttempt.overlapping([first, second])
        #expect(pairs.count == 1)
        #expect(pairs.first?.0 == first && pairs.first?.1 == second)
        #expect(ActivityAttempt.overlapping([first, second], tolerance: 1).isEmpty, "an overlap of exactly 1 s is tolerated")
    }

    @Test func anOpenAttemptEndsAtInfinity() {
        let open = attempt(owner: "w1", 0, nil)
        #expect(ActivityAttempt.overlapping([attempt(owner: "w2", 1_000_000, 1_000_001), open]).count == 1)
        #expect(ActivityAttempt.overlapping([attempt(owner: "w2", -5, 0), open]).isEmpty)
    }

    @Test func attemptsOfOtherRunsNeverOverlap() {
        let attempts = [attempt("a", owner: "w1", 0, 10), attempt("b", owner: "w2", 5, 15),
                        attempt("a", task: .generate(), owner: "w3", 5, 15)]
        #expect(ActivityAttempt.overlapping(attempts).isEmpty)
    }
}
