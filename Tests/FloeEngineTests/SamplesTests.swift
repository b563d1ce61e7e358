import FloeCore
import FloeTesting
import Testing

@Suite struct SamplesTests {
    @Test func diamondIsAValidTemplate() throws {
        try Samples.diamond.validate()
        #expect(Samples.diamond.predecessors["End"]?.sorted() == ["b", "c"])
    }
}
