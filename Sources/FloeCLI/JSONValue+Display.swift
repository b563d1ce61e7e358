import FloeCore

extension JSONValue {
    /// A string as it is, a number without a needless `.0`, a boolean as `true`/`false`; `nil` for
    /// `null`, arrays and objects.
    var displayText: String? {
        switch self {
        case .string(let text): text
        case .number(let number): number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let value): String(value)
        case .null, .array, .object: nil
        }
    }
}
