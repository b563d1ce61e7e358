/// The events Floe sends: IMS's names.
public enum EventType: String, Hashable, Sendable, CaseIterable, Codable {
    /// A workflow task ended (Succeed, Failed or Canceled).
    case workflowTaskComplete = "WorkflowTaskComplete"
    /// A media asset's registration ended (Normal or PrepareFail).
    case registerMediaComplete = "RegisterMediaComplete"
}
