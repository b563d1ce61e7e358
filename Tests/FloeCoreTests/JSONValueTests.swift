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
}
