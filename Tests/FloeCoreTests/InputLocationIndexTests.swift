import FloeCore
import Testing

@Suite("InputLocationIndex: the matching rules, indexed")
struct InputLocationIndexTests {
    static let file = "http://bucket.oss-cn-hangzhou.aliyuncs.com/A/B/C/test1.flv"

    @Test("the seed's eight examples: the index finds exactly the five matching rules")
    func seedExamples() throws {
        let rules = [
            "A/B/C/", "A/B/", "A/", "", "A/B/C/test.flv", "A/B/CC/", "A/B2/", "A2/B/C/",
        ].map { InputLocationRule(try! StorageLocation(bucket: "bucket", key: $0)) }
        let index = InputLocationIndex(rules.enumerated().map { (rule: $0.element, payload: $0.offset + 1) })
        #expect(index.count == 8)
        #expect(Set(index.matches(try StorageLocation(parsing: Self.file))) == [1, 2, 3, 4, 5])
    }

    @Test("the seed's note: rules …/test and …/test1 both match a file in test1/, shortest first")
    func prefixOfAnotherRule() throws {
        var index = InputLocationIndex<String>()
        index.insert(InputLocationRule(try StorageLocation(parsing: "oss://bucket/test1")), "test1")
        index.insert(InputLocationRule(try StorageLocation(parsing: "oss://bucket/test")), "test")
        index.insert(InputLocationRule(try StorageLocation(parsing: "oss://bucket/test/")), "test/")
        #expect(index.matches(try StorageLocation(parsing: "oss://bucket/test1/clip.mp4")) == ["test", "test1"])
        #expect(index.matches(try StorageLocation(parsing: "oss://bucket/test/clip.mp4")) == ["test", "test/"])
        #expect(index.matches(try StorageLocation(parsing: "oss://bucket/tes/clip.mp4")).isEmpty)
    }

    @Test("a bucket is matched whole: oss://ab/ does not match oss://abc/…")
    func bucketBoundary() throws {
        var index = InputLocationIndex<Int>()
        index.insert(InputLocationRule(try StorageLocation(parsing: "oss://abc/")), 1)
        index.insert(InputLocationRule(try StorageLocation(parsing: "oss://abcd/x")), 2)
        #expect(index.matches(try StorageLocation(parsing: "oss://abc/x.mp4")) == [1])
        #expect(index.matches(try StorageLocation(parsing: "oss://abcd/x.mp4")) == [2])
        #expect(index.matches(try StorageLocation(parsing: "oss://abcde/x.mp4")).isEmpty)
        #expect(InputLocationIndex<Int>().matches(try StorageLocation(parsing: "oss://abc/x.mp4")).isEmpty)
    }

    @Test("property: for random rules and files, the index answers what a scan of every rule does", arguments: [1, 2, 3, 4])
    func matchesLinearScan(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        // A small alphabet makes shared prefixes, splits and near misses common.
        let buckets = ["aaa", "aab", "bbb"]
        let pieces = ["a", "b", "ab", "/", "a/", "b/", "test", "test1", ".mp4", ".FLV", ".jpg", "é", "e\u{301}"]
        func key(_ maxPieces: Int) -> String {
            (0..<Int.random(in: 0...maxPieces, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }
        func location(_ maxPieces: Int) -> StorageLocation? {
            try? StorageLocation(bucket: buckets.randomElement(using: &random)!, key: key(maxPieces))
        }
        let rules = (0..<400).compactMap { _ in location(5) }.map(InputLocationRule.init)
        let index = InputLocationIndex(rules.enumerated().map { (rule: $0.element, payload: $0.offset) })
        var matched = 0
        for _ in 0..<3_000 {
            guard let file = location(8) else { continue }
            let expected = rules.indices.filter { rules[$0].matches(file) }
            let found = index.matches(file)
            #expect(found.sorted() == expected, "\(file)")
            #expect(Set(found).count == found.count, "each rule once")
            matched += expected.count
        }
        #expect(matched > 100, "the sample exercises matches, not only misses")
    }
}
