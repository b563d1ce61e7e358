import FloeTesting
import Foundation
import Testing

/// `floe migrate`: makes or upgrades the store's schema, says which versions it has, and makes nothing else.
@Suite struct MigrateCommandTests {
    let cli = CommandLineTests()

    @Test func migratesTheDataFoldersSQLiteFileOnce() async throws {
        let data = cli.dataDirectory()
        let first = try await cli.floe(["migrate", "--data-dir", data])
        #expect(first.status == 0 && first.output.contains("SQLite \(data)/floe.sqlite: schema v1, v2, v3, v4, v5, v6"), "\(first.output)")
        let again = try await cli.floe(["migrate", "--data-dir", data])
        #expect(again.output == first.output, "a second run changes nothing")
        #expect(!FileManager.default.fileExists(atPath: "\(data)/credentials"), "no account or key is made")
    }

    @Test(.enabled(if: PostgresServer.isAvailable, "PostgreSQL is not installed"))
    func migratesAPostgreSQLDatabase() async throws {
        let server = try await PostgresServer.shared()
        let url = try await server.makeDatabaseURL()
        let result = try await cli.floe(["migrate", "--data-dir", cli.dataDirectory()], environment: ["FLOE_DATABASE_URL": url])
        #expect(result.status == 0 && result.output.contains("PostgreSQL: schema v1"), "\(result.output)")
        #expect(!result.output.contains(url), "the URL, which may hold a password, is not printed")
        await server.dropDatabase(url: url)
    }
}
