extension WorkflowTopology {
    /// The buckets the graph names: its bound input location's and its activities' output locations'.
    /// Outputs with no location of their own go to the server's output bucket, which is not listed.
    public var buckets: Set<String> {
        var buckets = Set(activities.values.compactMap { definition in
            definition.kind?.outputLocation(in: definition.parameters)?.bucket
        })
        if let input = startParameters.inputLocation { buckets.insert(input.bucket) }
        return buckets
    }
}
