/// RAM's pattern matching for actions, resources and `StringLike`: `*` is any run of characters
/// (including none), `?` is exactly one character, everything else is literal.
public enum Wildcard {
    /// Whether `value` matches `pattern` entirely.
    public static func matches(_ pattern: String, _ value: String, caseInsensitive: Bool = false) -> Bool {
        let pattern = Array(caseInsensitive ? pattern.lowercased() : pattern)
        let value = Array(caseInsensitive ? value.lowercased() : value)
        var p = 0
        var v = 0
        var star: Int?
        var resume = 0
        while v < value.count {
            if p < pattern.count, pattern[p] == "?" || (pattern[p] != "*" && pattern[p] == value[v]) {
                p += 1
                v += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = v
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                v = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
