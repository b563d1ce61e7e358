/// Writes a ``JSONValue`` as compact JSON text, byte for byte as Foundation's `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` writes it: members sorted by the bytes of their names; `"`, `\`
/// and control characters escaped (`\b \f \n \r \t`, else `\u00XX`), nothing else; integral numbers of
/// magnitude below 10^15 without a fraction, others as `Double.description` without a trailing `.0`. A number
/// JSON cannot hold (infinite, NaN) is written `null`.
struct JSONWriter {
    private var output: [UInt8] = []
    private var depth = 0
    /// Whether every number was finite and no more than ``JSONParser/maximumDepth`` arrays and objects were
    /// inside each other: whether ``JSONParser`` reads the text back as the value.
    private var representable = true

    /// The JSON text of `value`.
    static func text(of value: JSONValue) -> String {
        writing(value).text
    }

    /// The JSON text of `value`, or `nil` when JSON cannot hold it (a number that is not finite, deeper nesting
    /// than ``JSONParser`` reads), where `JSONEncoder` would have thrown.
    static func representableText(of value: JSONValue) -> String? {
        let (text, representable) = writing(value)
        return representable ? text : nil
    }

    private static func writing(_ value: JSONValue) -> (text: String, representable: Bool) {
        var writer = JSONWriter()
        writer.output.reserveCapacity(64)
        writer.write(value)
        return (String(decoding: writer.output, as: UTF8.self), writer.representable)
    }

    private mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let value): append(value ? "true" : "false")
        case .number(let value): write(number: value)
        case .string(let value): write(string: value)
        case .array(let elements):
            enter()
            defer { depth -= 1 }
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                write(element)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            enter()
            defer { depth -= 1 }
            output.append(UInt8(ascii: "{"))
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (offset, member) in sorted.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                write(string: member.key)
                output.append(UInt8(ascii: ":"))
                write(member.value)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private mutating func enter() {
        depth += 1
        if depth > JSONParser.maximumDepth { representable = false }
    }

    private mutating func write(number value: Double) {
        guard value.isFinite else {
            representable = false
            return append("null")
        }
        if value.rounded() == value, abs(value) < 1e15 {
            return append(String(Int64(value)))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        append(text)
    }

    private mutating func write(string: String) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x08: append("\\b")
            case 0x0C: append("\\f")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case ..<0x20:
                append("\\u00" + Hex.encode(CollectionOfOne(byte)))
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private mutating func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }
}
