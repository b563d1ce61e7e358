/// Reads JSON text (RFC 8259) into a ``JSONValue`` in one pass over its UTF-8 bytes.
///
/// It accepts what Foundation's `JSONDecoder` accepts and refuses what it refuses: a value alone with
/// whitespace around it; a trailing comma in an array or object (`JSONDecoder` allows one); no leading zeros, no `NaN`, no number too large for a `Double`; no control characters
/// or lone surrogates in strings; at most ``maximumDepth`` arrays and objects inside each other. Of a key given
/// twice in one object the first is kept, as `JSONDecoder` keeps it. Text it refuses is an `invalidParameter` ``FloeError``. It is what every JSON text Floe reads
/// goes through (API parameters, stored values), so it is written for speed: no `Codable`, no error thrown
/// and caught to learn a value's type.
struct JSONParser {
    /// How many arrays and objects may be open at once (each costs a few frames of the stack).
    static let maximumDepth = 256

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The value of `text`, or an `invalidParameter` error naming what is wrong and at which byte.
    static func parse(_ text: String) throws(FloeError) -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = JSONParser(bytes)
            return Result { () throws(FloeError) -> JSONValue in
                parser.skipWhitespace()
                let value = try parser.value()
                parser.skipWhitespace()
                guard parser.index == bytes.count else { throw parser.failure("unexpected text after the value") }
                return value
            }
        }.get()
    }

    private mutating func value() throws(FloeError) -> JSONValue {
        guard index < bytes.count else { throw failure("the text ends where a value should be") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw failure("unexpected character where a value should be")
        }
    }

    private mutating func object() throws(FloeError) -> JSONValue {
        var members: [String: JSONValue] = [:]
        try elements(closing: UInt8(ascii: "}"), of: "object") { parser throws(FloeError) in
            guard parser.peek(UInt8(ascii: "\"")) else { throw parser.failure("expected a member name in quotes") }
            let key = try parser.string()
            parser.skipWhitespace()
            guard parser.peek(UInt8(ascii: ":")) else { throw parser.failure("expected ':' after a member name") }
            parser.index += 1
            parser.skipWhitespace()
            let value = try parser.value()
            if members[key] == nil { members[key] = value }
        }
        return .object(members)
    }

    private mutating func array() throws(FloeError) -> JSONValue {
        var elements: [JSONValue] = []
        try self.elements(closing: UInt8(ascii: "]"), of: "array") { parser throws(FloeError) in
            elements.append(try parser.value())
        }
        return .array(elements)
    }

    /// Reads an object's or an array's elements with `element`, from its opening byte (at `index`) past its
    /// `closing` one; the elements are separated by commas, and one may follow the last.
    private mutating func elements(closing: UInt8, of container: String,
                                   _ element: (inout JSONParser) throws(FloeError) -> Void) throws(FloeError) {
        try enter()
        index += 1
        skipWhitespace()
        if peek(closing) {
            index += 1
            depth -= 1
            return
        }
        while true {
            try element(&self)
            skipWhitespace()
            guard index < bytes.count else { throw failure("the text ends inside an \(container)") }
            let next = bytes[index]
            index += 1
            if next == closing { break }
            guard next == UInt8(ascii: ",") else {
                throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))' in an \(container)")
            }
            skipWhitespace()
            if peek(closing) {
                index += 1
                break
            }
        }
        depth -= 1
    }

    /// A string from its opening quote (at `index`) past its closing one.
    private mutating func string() throws(FloeError) -> String {
        index += 1
        let start = index
        // The common case: no escapes, one copy of the bytes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("a control character inside a string") }
            index += 1
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try escape(into: &scalars)
            case ..<0x20:
                index -= 1
                throw failure("a control character inside a string")
            default:
                scalars.append(byte)
            }
        }
        throw failure("the text ends inside a string")
    }

    /// The escape after a backslash, appended to `output` as UTF-8.
    private mutating func escape(into output: inout [UInt8]) throws(FloeError) {
        guard index < bytes.count else { throw failure("the text ends inside a string") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var code = UInt32(try hex4())
            if (0xD800...0xDBFF).contains(code) {
                guard bytes.count - index >= 6, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("a lone surrogate in a \\u escape")
                }
                index += 2
                let low = UInt32(try hex4())
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("a lone surrogate in a \\u escape") }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw failure("a lone surrogate in a \\u escape")
            }
            // Every code point here is a valid scalar: surrogates were refused or combined above.
            output.append(contentsOf: String(Character(Unicode.Scalar(code)!)).utf8)
        default:
            index -= 1
            throw failure("an unknown escape in a string")
        }
    }

    private mutating func hex4() throws(FloeError) -> UInt16 {
        guard bytes.count - index >= 4 else { throw failure("a \\u escape needs four hex digits") }
        var code: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("a \\u escape needs four hex digits")
            }
            code = code << 4 | UInt16(digit)
            index += 1
        }
        return code
    }

    /// A number by JSON's grammar, `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func number() throws(FloeError) -> Double {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        if peek(UInt8(ascii: "0")) {
            index += 1
            if digitsFollow() { throw failure("a number with a leading zero") }
        } else {
            guard digits() > 0 else { throw failure("a '-' without digits") }
        }
        if peek(UInt8(ascii: ".")) {
            index += 1
            guard digits() > 0 else { throw failure("a number with no digits after its '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard digits() > 0 else { throw failure("a number with no digits in its exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            index = start
            throw failure("a number too large for a double")
        }
        return number
    }

    /// Skips decimal digits; how many.
    private mutating func digits() -> Int {
        let start = index
        while digitsFollow() { index += 1 }
        return index - start
    }

    private func digitsFollow() -> Bool {
        index < bytes.count && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index])
    }

    private mutating func literal(_ word: StaticString) throws(FloeError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count,
              UnsafeBufferPointer(rebasing: bytes[index..<index + count]).elementsEqual(
                  UnsafeBufferPointer(start: word.utf8Start, count: count)) else {
            throw failure("unexpected character where a value should be")
        }
        index += count
    }

    private mutating func enter() throws(FloeError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw failure("more than \(Self.maximumDepth) arrays and objects inside each other") }
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private func failure(_ what: String) -> FloeError {
        .invalidParameter("not valid JSON: \(what) (at byte \(index))")
    }
}
