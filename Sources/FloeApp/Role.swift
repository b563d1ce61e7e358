import Foundation

/// What a Floe process does. `floe serve` has every role unless `--roles` names a subset; `floe worker` has
/// `worker` only. Every process, whatever its roles, reclaims expired leases and answers `/healthz`,
/// `/readyz` and `/metrics` on its port.
public enum Role: String, CaseIterable, Sendable, Comparable {
    /// The IMS RPC API on `--port` (and the S3 endpoint with `--s3-port`).
    case api
    /// Runs activities (``FloeEngine/WorkerPool``, `--slots` of them) and prepares registered media.
    case worker
    /// Watches the bound locations of local buckets and polls those of S3 buckets; starts triggered tasks.
    case watcher
    /// Delivers callbacks.
    case notifier

    /// The roles of a comma-separated list such as `api,worker`; throws ``RoleListError`` for an unknown or
    /// empty one.
    public static func list(_ text: String) throws -> Set<Role> {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var roles: Set<Role> = []
        for name in names {
            guard let role = Role(rawValue: name.lowercased()) else { throw RoleListError(name: name) }
            roles.insert(role)
        }
        return roles
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A role list names something that is not a role.
public struct RoleListError: Error, CustomStringConvertible {
    public let name: String
    public var description: String {
        "'\(name)' is not a role; the roles are \(Role.allCases.map(\.rawValue).joined(separator: ", "))"
    }
}
