import FloeCore
import Foundation
import PostgresNIO

extension PostgresWorkflowStore {
    /// The client configuration of a connection URL, as libpq writes them:
    /// `postgres://user:password@host:port/database?sslmode=disable`.
    ///
    /// `postgresql://` works too; the port defaults to 5432 and the user to `postgres`. A `host` query parameter
    /// that is a folder (`?host=/run/postgresql`) connects over the Unix socket in it. `sslmode` is `disable`,
    /// `prefer` (the default), `require` (TLS without checking the certificate, as libpq does) or `verify-full`.
    /// Throws ``FloeError/Code/invalidParameter`` for anything else; its message never quotes the URL, which may
    /// hold a password.
    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), let scheme = components.scheme,
              scheme == "postgres" || scheme == "postgresql" else {
            throw FloeError.invalidParameter("the database URL is not a postgres:// URL")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = components.password.flatMap { $0.removingPercentEncoding }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.isEmpty ? nil : path.removingPercentEncoding
        let port = components.port ?? query["port"].flatMap(Int.init) ?? 5432
        if let socketFolder = query["host"], socketFolder.hasPrefix("/") {
            return PostgresClient.Configuration(unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username,
                                                password: password, database: database)
        }
        guard let host = components.host, !host.isEmpty else {
            throw FloeError.invalidParameter("the database URL names no host")
        }
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "prefer" {
        case "disable":
            tls = .disable
        case "allow", "prefer":
            tls = .prefer(Self.unverifiedTLS)
        case "require":
            tls = .require(Self.unverifiedTLS)
        case "verify-ca", "verify-full":
            tls = .require(.makeClientConfiguration())
        case let mode:
            throw FloeError.invalidParameter("sslmode '\(mode.prefix(32))' is not disable, prefer, require or verify-full")
        }
        return PostgresClient.Configuration(host: host, port: port, username: username, password: password,
                                            database: database, tls: tls)
    }

    /// TLS that encrypts without checking the server's certificate (libpq's `prefer` and `require`).
    private static var unverifiedTLS: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return configuration
    }
}
