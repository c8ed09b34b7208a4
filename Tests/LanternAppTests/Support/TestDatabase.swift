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

/// At most `width` apps hold PostgreSQL pools at once. Swift Testing starts every test
/// together, and each app keeps up to four connections per event loop open while its test
/// runs, so hundreds of tests at once would pass the server's `max_connections` and turn
/// requests into "too many clients" failures. Waiting here costs nothing: the machine's
/// cores are busy with the other tests meanwhile. SQLite runs are not gated, and no
/// PostgreSQL run is nested in another, so a holder never waits for a second place.
actor PostgresAppGate {
    static let shared = PostgresAppGate(width: ProcessInfo.processInfo.environment["LANTERN_TEST_POSTGRES_APPS"].flatMap(Int.init) ?? 16)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(width: Int) { free = max(1, width) }

    func enter() async {
        if free > 0 { free -= 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` holding one place, and gives the place back however it ends.
    static func holding<T>(_ body: () async throws -> T) async throws -> T {
        await shared.enter()
        do {
            let value = try await body()
            await shared.leave()
            return value
        } catch {
            await shared.leave()
            throw error
        }
    }
}
