extension WorkflowTopology {
    /// The buckets the graph names: its bound input location's, its activities' output locations' and the
    /// buckets of the objects its activities read (watermark images).
    /// Outputs with no location of their own go to the server's output bucket, which is not listed.
    public var buckets: Set<String> {
        var buckets = Set(activities.values.compactMap { definition in
            definition.kind?.outputLocation(in: definition.parameters)?.bucket
        })
        for definition in activities.values {
            for location in definition.kind?.extraInputLocations(in: definition.parameters) ?? [] { buckets.insert(location.bucket) }
        }
        if let input = startParameters.inputLocation { buckets.insert(input.bucket) }
        return buckets
    }
}
