import FloeCore
import Foundation
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    let sample: JSONValue = .object([
        "null": .null, "yes": .bool(true), "no": .bool(false), "int": .number(42), "negative": .number(-3),
        "fraction": .number(1.5), "big": .number(1e20), "text": .string("a/b \"q\" é"),
        "list": .array([.number(1), .string("1"), .bool(true), .array([]), .object([:])]),
        "nested": .object(["inner": .object(["deep": .array([.null])])]),
    ])

    @Test("values survive JSON text")
    func roundTrip() throws {
        #expect(try JSONValue(jsonText: sample.jsonText) == sample)
    }

    @Test("jsonText is compact, with sorted keys, unescaped slashes and integers without a fraction")
    func text() {
        let value: JSONValue = .object(["b": .number(2), "a": .array([.number(1.5), .string("x/y"), .null, .bool(false)])])
        #expect(value.jsonText == "{\"a\":[1.5,\"x/y\",null,false],\"b\":2}")
    }

    @Test("numbers and booleans stay apart when parsed")
    func numbersAndBooleans() throws {
        #expect(try JSONValue(jsonText: "1") == .number(1))
        #expect(try JSONValue(jsonText: "0") == .number(0))
        #expect(try JSONValue(jsonText: "true") == .bool(true))
        #expect(try JSONValue(jsonText: "\"true\"") == .string("true"))
        #expect(try JSONValue(jsonText: "null") == .null)
    }

    @Test("accessors")
    func accessors() {
        #expect(sample["text"]?.stringValue == "a/b \"q\" é")
        #expect(sample["int"]?.stringValue == nil)
        #expect(sample["missing"] == nil)
        #expect(JSONValue.array([]).objectValue == nil)
        #expect(JSONValue.array([])["x"] == nil)
    }

    @Test("encoding and decoding typed values")
    func typed() throws {
        let location = try StorageLocation(parsing: "oss://bucket/a.mp4")
        #expect(try JSONValue(encoding: location) == .string("oss://bucket/a.mp4"))
        #expect(try JSONValue.string("oss://bucket/a.mp4").decode(StorageLocation.self) == location)
        #expect(throws: (any Error).self) { try JSONValue.number(1).decode(StorageLocation.self) }
    }

    @Test("malformed text is refused", arguments: ["", "{", "{\"a\":}", "[1", "nul", "\"open"])
    func malformed(_ text: String) {
        #expect(throws: (any Error).self) { try JSONValue(jsonText: text) }
    }

    @Test("jsonText is what JSONEncoder writes with sorted keys and unescaped slashes, for values of every shape")
    func textMatchesJSONEncoder() throws {
        var generator = SystemRandomNumberGenerator()
        let keys = ["a", "B", "a10", "a2", "_", "é", "", "Z z", "\u{1}", "😀"]
        let strings = ["", "plain", "a/b", "\"quoted\"", "back\\slash", "\u{0}\u{1}\u{8}\u{c}\n\r\t\u{1f}", "\u{7f}\u{2028}é😀"]
        let numbers: [Double] = [0, -0.0, 1, -3, 42, 1.5, 0.1, 1e-7, 1e15, 1e15 - 1, -1e15 + 1, 1e20, 123456789012345680,
                                 2.5e-300, .greatestFiniteMagnitude, .leastNonzeroMagnitude]
        func random(depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 3 ? 4 : 6), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .number(numbers.randomElement(using: &generator)!)
            case 3: return .string(strings.randomElement(using: &generator)!)
            case 4: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth: depth + 1) })
            default:
                return .object(Dictionary((0..<Int.random(in: 0...5, using: &generator)).map { _ in
                    (keys.randomElement(using: &generator)!, random(depth: depth + 1))
                }, uniquingKeysWith: { first, _ in first }))
            }
        }
        for _ in 0..<300 {
            let value = random(depth: 0)
            let expected = String(decoding: try JSONCoding.encoder.encode(value), as: UTF8.self)
            #expect(value.jsonText == expected)
            #expect(try JSONValue(jsonText: expected) == value)
        }
    }

    @Test("numbers JSON cannot hold are written null, and refused by decode as JSONEncoder refuses them")
    func nonFinite() throws {
        let value = JSONValue.array([.number(.infinity), .number(.nan), .number(1)])
        #expect(value.jsonText == "[null,null,1]")
        #expect(throws: EncodingError.self) { try value.decode([Double?].self) }
        #expect(throws: EncodingError.self) { try JSONCoding.encoder.encode(value) }
        var deep = JSONValue.number(1)
        for _ in 0..<257 { deep = .array([deep]) }
        #expect(throws: EncodingError.self) { try deep.decode(JSONValue.self) }
        #expect(try JSONValue.array([.number(1)]).decode([Int].self) == [1])
    }

    @Test("parsing follows JSON's grammar as JSONDecoder does", arguments: [
        (" [1 , 2 ]\n", JSONValue.array([.number(1), .number(2)])),
        ("-0", .number(0)), ("1.0", .number(1)), ("1E2", .number(100)), ("-1.5e-3", .number(-0.0015)),
        ("\"\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\\"\\\\\"", .string("é😀/\u{8}\u{c}\n\r\t\"\\")),
        ("{\"a\":1,\"a\":2}", .object(["a": .number(1)])),
        ("[1, ]", .array([.number(1)])), ("{\"a\":1 ,}", .object(["a": .number(1)])),
        ("{ \"k\" : [ true , false , null , {} ] }", .object(["k": .array([.bool(true), .bool(false), .null, .object([:])])])),
    ])
    func grammar(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONValue(jsonText: text) == expected)
        #expect(try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8)) == expected)
    }

    @Test("text JSONDecoder refuses is refused, with where", arguments: [
        "[01]", "1e999", "-", "1.", "1e", "+1", ".5", "NaN", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", "\"\\x\"",
        "\"\\u12\"", "\"a\u{1}b\"", "[1,,]", "[,]", "{\"a\":1,,}", "{a:1}", "[1 2]", "tru", "nulls", "1 2", "{\"a\" 1}", "\"a\\",
    ])
    func refused(_ text: String) {
        #expect(throws: FloeError.self) { try JSONValue(jsonText: text) }
        #expect(throws: (any Error).self) { try JSONCoding.decoder.decode(JSONValue.self, from: Data(text.utf8)) }
    }

    @Test("nesting is limited, not a crash")
    func depth() throws {
        let deepest = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(try JSONValue(jsonText: deepest).arrayValue?.count == 1)
        let tooDeep = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        let error = try #require(throws: FloeError.self) { try JSONValue(jsonText: tooDeep) }
        #expect(error.message.contains("inside each other"))
        #expect(throws: FloeError.self) { try JSONValue(jsonText: String(repeating: "{\"a\":", count: 100_000)) }
    }
}
