import ServiceLifecycle

/// A ``Service`` that ServiceLifecycle names by its type.
///
/// A `ServiceGroup` names each service, for its logs, with `"\(service)"`, made when the group is configured.
/// Without a description of its own that is a reflection of the whole value: every store, registry and
/// activity inside it, kilobytes per service and about 30 ms of a process's start (measured on `floe run`).
public protocol NamedService: Service, CustomStringConvertible {}

extension NamedService {
    /// The service's type name, e.g. `WorkerPool`.
    public var description: String { String(describing: Self.self) }
}
