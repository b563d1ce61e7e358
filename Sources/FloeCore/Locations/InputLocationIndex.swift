/// Every bound location of a set of templates, indexed so that finding the rules a file matches costs
/// O(length of its location + matches), whatever the number of rules.
///
/// A radix trie (a trie whose edges carry byte strings) over `bucket/keyPrefix` of each ``InputLocationRule``:
/// bucket names have no `/`, so the `/` after the bucket keeps `oss://ab/` from matching `oss://abc/…`. A file's
/// matches are the payloads met on the walk down its own `bucket/key`, shortest prefix first; the answer is
/// the one a scan of every rule with ``InputLocationRule/matches(_:)`` gives (a property test holds it to that).
/// The index says nothing of whether the file is media (``MediaExtensions``).
public struct InputLocationIndex<Payload: Sendable>: Sendable {
    /// One node: the bytes on the edge into it, its children by their label's first byte, and the payloads
    /// of the rules whose path ends here.
    struct Node: Sendable {
        var label: [UInt8]
        var children: [UInt8: Int]
        var payloads: [Payload]
    }

    /// Node 0 is the root, with an empty label.
    private var nodes = [Node(label: [], children: [:], payloads: [])]
    /// How many rules were inserted.
    public private(set) var count = 0

    /// An empty index.
    public init() {}

    /// An index of `entries`.
    public init(_ entries: some Sequence<(rule: InputLocationRule, payload: Payload)>) {
        for entry in entries { insert(entry.rule, entry.payload) }
    }

    /// Adds `rule` with `payload`. A rule inserted twice is matched twice, once per payload.
    public mutating func insert(_ rule: InputLocationRule, _ payload: Payload) {
        let path = Self.path(bucket: rule.location.bucket, key: rule.keyPrefix)
        var node = 0
        var index = 0
        while index < path.count {
            let byte = path[index]
            guard let child = nodes[node].children[byte] else {
                nodes.append(Node(label: Array(path[index...]), children: [:], payloads: []))
                nodes[node].children[byte] = nodes.count - 1
                node = nodes.count - 1
                break
            }
            let label = nodes[child].label
            var common = 0
            while common < label.count, index + common < path.count, label[common] == path[index + common] { common += 1 }
            if common < label.count {
                // The path leaves the edge midway: split it with a node at the branching point.
                nodes[child].label = Array(label[common...])
                nodes.append(Node(label: Array(label[..<common]), children: [label[common]: child], payloads: []))
                nodes[node].children[byte] = nodes.count - 1
                node = nodes.count - 1
            } else {
                node = child
            }
            index += common
        }
        nodes[node].payloads.append(payload)
        count += 1
    }

    /// The payloads of every rule `file` matches, shortest bound location first.
    public func matches(_ file: StorageLocation) -> [Payload] {
        let path = Self.path(bucket: file.bucket, key: file.key)
        var found: [Payload] = []
        var node = 0
        var index = 0
        while true {
            found.append(contentsOf: nodes[node].payloads)
            guard index < path.count, let child = nodes[node].children[path[index]] else { return found }
            let label = nodes[child].label
            guard path.count - index >= label.count, path[index..<(index + label.count)].elementsEqual(label) else { return found }
            index += label.count
            node = child
        }
    }

    /// `bucket/key` as bytes.
    private static func path(bucket: String, key: String) -> [UInt8] {
        var path = Array(bucket.utf8)
        path.append(UInt8(ascii: "/"))
        path.append(contentsOf: key.utf8)
        return path
    }
}
