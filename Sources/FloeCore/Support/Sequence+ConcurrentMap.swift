extension Sequence where Element: Sendable {
    /// The results of `transform` on every element, in the elements' order, with at most `limit` transforms
    /// running at once.
    ///
    /// The first error thrown cancels the transforms still running and is rethrown once they have ended.
    public func concurrentMap<Result: Sendable>(
        limit: Int = 4, _ transform: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        let elements = Array(self)
        return try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: elements.count)
            var next = 0
            func startNext() {
                guard next < elements.count else { return }
                let index = next, element = elements[index]
                next += 1
                group.addTask { (index, try await transform(element)) }
            }
            for _ in 0..<Swift.max(1, limit) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                startNext()
            }
            return results.map { $0! }
        }
    }
}
