import Foundation
import Logging
import FluentPostgresDriver
import PostgresNIO
import Testing

/// The databases the HTTP tests run on: SQLite always; PostgreSQL when
/// `LANTERN_TEST_POSTGRES_URL` names a server (scripts/check starts one).
enum TestDatabase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["LANTERN_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static var available: [TestDatabase] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    var testDescription: String { rawValue }

    /// Runs a statement on the test PostgreSQL server outside any app (schema set-up).
    static func postgresExecute(_ statement: String) async throws {
        guard let url = postgresURL else { return }
        let configuration = try SQLPostgresConfiguration(url: url).coreConfiguration
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1,
                                                              logger: Logger(label: "test-postgres"))
        do {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Logger(label: "test-postgres"))
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
