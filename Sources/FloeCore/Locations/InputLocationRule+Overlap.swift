extension InputLocationRule {
    /// True when one rule's bound location is a prefix of the other's (or both are the same): a file may
    /// then match both, and start two workflows, as the IMS page warns.
    public func overlaps(_ other: InputLocationRule) -> Bool {
        location.bucket == other.location.bucket
            && (keyPrefix.utf8.starts(with: other.keyPrefix.utf8) || other.keyPrefix.utf8.starts(with: keyPrefix.utf8))
    }
}
