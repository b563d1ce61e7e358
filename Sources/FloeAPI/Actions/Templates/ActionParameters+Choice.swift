extension ActionParameters {
    /// The value of `name` when it is the raw value of one of `allowed` (exact, case-sensitive), `nil` when
    /// absent. Throws `InvalidParameter` listing the allowed values.
    func choice<Value: RawRepresentable>(_ name: String, _ allowed: [Value]) throws(APIError) -> Value?
    where Value.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = allowed.first(where: { $0.rawValue == text }) else {
            throw .invalidParameter(name, "'\(Self.excerpt(text))' is not one of \(allowed.map(\.rawValue).joined(separator: ", ")).")
        }
        return value
    }
}
