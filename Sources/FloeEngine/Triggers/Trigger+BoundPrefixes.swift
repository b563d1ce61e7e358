extension Trigger {
    /// The key prefixes a source of files must look under, by bucket: the bound locations of every template
    /// that triggers, less any that lies under another (so each part of a bucket is looked at once).
    public func boundPrefixes() async throws -> [String: [String]] {
        var byBucket: [String: [String]] = [:]
        for binding in try await bindings() {
            byBucket[binding.rule.location.bucket, default: []].append(binding.rule.keyPrefix)
        }
        return byBucket.mapValues { prefixes in
            var kept: [String] = []
            for prefix in prefixes.sorted() where !kept.contains(where: { prefix.utf8.starts(with: $0.utf8) }) {
                kept.append(prefix)
            }
            return kept
        }
    }
}
