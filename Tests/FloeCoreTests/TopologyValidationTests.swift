import FloeCore
import Testing

@Suite("Template graph validation")
struct TopologyValidationTests {
    @Test("a straight line Start -> work -> End is valid")
    func valid() {
        #expect(validationMessage(topology(["Start": "Start", "a": "MediaInfo", "End": "End"], ["Start": ["a"], "a": ["End"]])) == nil)
    }

    @Test("Start and End may have any valid names")
    func renamedEnds() {
        #expect(validationMessage(topology(["begin": "Start", "finish": "End"], ["begin": ["finish"]])) == nil)
    }

    @Test("no activities")
    func empty() {
        #expect(validationMessage(topology([:], [:])) == "Activities: the template has no activities")
    }

    @Test("no Start")
    func noStart() {
        #expect(validationMessage(topology(["a": "MediaInfo", "End": "End"], ["a": ["End"]]))
            == "Activities: no activity of Type Start; a template needs exactly one")
    }

    @Test("no End")
    func noEnd() {
        #expect(validationMessage(topology(["Start": "Start", "a": "MediaInfo"], ["Start": ["a"]]))
            == "Activities: no activity of Type End; a template needs exactly one")
    }

    @Test("two Starts are both named")
    func twoStarts() {
        let graph = topology(["Start": "Start", "again": "Start", "End": "End"], ["Start": ["End"], "again": ["End"]])
        #expect(validationMessage(graph) == "Activities: 2 activities of Type Start ('Start', 'again'); a template needs exactly one")
    }

    @Test("two Ends are both named")
    func twoEnds() {
        let graph = topology(["Start": "Start", "End": "End", "End2": "End"], ["Start": ["End", "End2"]])
        #expect(validationMessage(graph) == "Activities: 2 activities of Type End ('End', 'End2'); a template needs exactly one")
    }

    @Test("a cycle is shown as a path")
    func cycle() {
        let graph = topology(
            ["Start": "Start", "a": "MediaInfo", "b": "MediaInfo", "c": "MediaInfo", "End": "End"],
            ["Start": ["a"], "a": ["b"], "b": ["c"], "c": ["a", "End"]]
        )
        #expect(validationMessage(graph) == "Dependencies: cycle a -> b -> c -> a")
    }

    @Test("an activity that follows itself is a cycle")
    func selfLoop() {
        let graph = topology(["Start": "Start", "a": "MediaInfo", "End": "End"], ["Start": ["a"], "a": ["a", "End"]])
        #expect(validationMessage(graph) == "Dependencies: cycle a -> a")
    }

    @Test("an unreachable activity is named")
    func unreachable() {
        let graph = topology(["Start": "Start", "a": "MediaInfo", "orphan": "MediaInfo", "End": "End"],
                             ["Start": ["a"], "a": ["End"], "orphan": ["End"]])
        #expect(validationMessage(graph) == "activity 'orphan': not reachable from Start 'Start'")
    }

    @Test("an activity that does not lead to End is named")
    func deadEnd() {
        let graph = topology(["Start": "Start", "a": "MediaInfo", "stuck": "MediaInfo", "End": "End"],
                             ["Start": ["a", "stuck"], "a": ["End"]])
        #expect(validationMessage(graph) == "activity 'stuck': does not lead to End 'End'")
    }

    @Test("an unknown Type is named with the activity")
    func unknownType() {
        let graph = topology(["Start": "Start", "zip": "Compress", "End": "End"], ["Start": ["zip"], "zip": ["End"]])
        #expect(validationMessage(graph) == "activity 'zip': unknown Type 'Compress'; known types: Start, End, MediaInfo, Transcode, Snapshot, Package")
    }

    @Test("types are case-sensitive")
    func typeCase() {
        let graph = topology(["Start": "Start", "a": "mediainfo", "End": "End"], ["Start": ["a"], "a": ["End"]])
        #expect(validationMessage(graph)?.hasPrefix("activity 'a': unknown Type 'mediainfo'") == true)
    }

    @Test("a dependency from a missing activity names the key")
    func missingKey() {
        let graph = topology(["Start": "Start", "End": "End"], ["Start": ["End"], "ghost": ["End"]])
        #expect(validationMessage(graph) == "Dependencies.ghost: no activity is named 'ghost'")
    }

    @Test("a dependency on a missing successor names the key and index")
    func missingSuccessor() {
        let graph = topology(["Start": "Start", "End": "End"], ["Start": ["End", "ghost"]])
        #expect(validationMessage(graph) == "Dependencies.Start[1]: no activity is named 'ghost'")
    }

    @Test("a successor listed twice is named")
    func duplicateSuccessor() {
        let graph = topology(["Start": "Start", "End": "End"], ["Start": ["End", "End"]])
        #expect(validationMessage(graph) == "Dependencies.Start: 'End' is listed twice")
    }

    @Test("Start with a predecessor is refused")
    func startWithPredecessor() {
        let graph = topology(["Start": "Start", "a": "MediaInfo", "End": "End"], ["Start": ["a"], "a": ["Start", "End"]])
        #expect(validationMessage(graph) == "activity 'Start' (Start): has a predecessor 'a'; nothing may run before Start")
    }

    @Test("End with a successor is refused")
    func endWithSuccessor() {
        let graph = topology(["Start": "Start", "a": "MediaInfo", "End": "End"], ["Start": ["End"], "End": ["a"]])
        #expect(validationMessage(graph) == "activity 'End' (End): has a successor 'a'; nothing may run after End")
    }

    @Test("invalid activity names are refused", arguments: ["has space", "dot.name", "", "slash/name", "ünï", String(repeating: "x", count: 65)])
    func invalidName(_ name: String) {
        let graph = topology(["Start": "Start", name: "MediaInfo", "End": "End"], ["Start": [name], name: ["End"]])
        #expect(validationMessage(graph)?.contains("not a valid activity name") == true)
        #expect(validationMessage(graph)?.hasPrefix("Activities.\(name.prefix(80))") == true)
    }

    @Test("valid activity names", arguments: ["a", "A-z_0-9", String(repeating: "x", count: 64)])
    func validName(_ name: String) {
        let graph = topology(["Start": "Start", name: "MediaInfo", "End": "End"], ["Start": [name], name: ["End"]])
        #expect(validationMessage(graph) == nil)
    }

    @Test("parallel branches that join are valid")
    func diamond() {
        let graph = topology(
            ["Start": "Start", "probe": "MediaInfo", "left": "MediaInfo", "right": "MediaInfo", "End": "End"],
            ["Start": ["probe"], "probe": ["left", "right"], "left": ["End"], "right": ["End"]]
        )
        #expect(validationMessage(graph) == nil)
    }
}
