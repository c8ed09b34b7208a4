import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let current = NIOLockedValueBox(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { current.withLockedValue { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLockedValue { $0 += seconds } }
    var clock: LanternClock { LanternClock { [current] in current.withLockedValue { $0 } } }
}

/// A fresh Lantern for one test, on its own SQLite file or PostgreSQL schema, with a key
/// of its own and bcrypt at its lowest cost (the cost is a setting; production uses 12).
struct TestLantern {
    let app: Application
    let clock: TestClock
    let database: TestDatabase
    let sqlitePath: String?

    static func run(_ database: TestDatabase, keyBytes: [UInt8]? = nil,
                    settings adjust: (inout LanternSettings) -> Void = { _ in },
                    _ body: (TestLantern) async throws -> Void) async throws {
        guard database == .postgres else {
            return try await runUngated(database, keyBytes: keyBytes, settings: adjust, body)
        }
        try await PostgresAppGate.holding { try await runUngated(database, keyBytes: keyBytes, settings: adjust, body) }
    }

    private static func runUngated(_ database: TestDatabase, keyBytes: [UInt8]?,
                                   settings adjust: (inout LanternSettings) -> Void,
                                   _ body: (TestLantern) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lantern-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = try settingsFor(database, directory: directory, schema: schema, keyBytes: keyBytes)
        adjust(&settings)
        if database == .postgres { try await TestDatabase.postgresExecute("CREATE SCHEMA \(schema)") }
        let clock = TestClock()
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            try await configure(app, settings: settings, clock: clock.clock)
            let path: String? = if case .sqlite(let p) = settings.database { p } else { nil }
            try await body(TestLantern(app: app, clock: clock, database: database, sqlitePath: path))
        } catch {
            try? await app.asyncShutdown()
            if database == .postgres { try? await TestDatabase.postgresExecute("DROP SCHEMA \(schema) CASCADE") }
            throw error
        }
        try await app.asyncShutdown()
        if database == .postgres { try await TestDatabase.postgresExecute("DROP SCHEMA \(schema) CASCADE") }
    }

    static func settingsFor(_ database: TestDatabase, directory: URL, schema: String,
                            keyBytes: [UInt8]?) throws -> LanternSettings {
        let location: LanternSettings.DatabaseLocation = switch database {
        case .sqlite: .sqlite(path: directory.appendingPathComponent("lantern.sqlite").path)
        case .postgres: .postgres(url: TestDatabase.postgresURL ?? "")
        }
        let key = Data(keyBytes ?? FieldCipher.generateKeyBytes()).base64EncodedString()
        var settings = LanternSettings(database: location, key: .value(key), publicURL: "http://127.0.0.1:8080")
        settings.passwordCost = 4
        if database == .postgres { settings.postgresSearchPath = [schema] }
        return settings
    }
}

/// A person with an account and an enrolled authenticator, made directly in the database.
struct TestPerson {
    let user: User
    let email: String
    let password: String
    let totpSecret: String
    var id: UUID { user.id! }
    var organisationID: UUID { user.$organisation.id }

    func totpCode(at date: Date) -> String { TOTP(secret: Base32.decode(totpSecret)!).code(at: date) }
}

extension TestLantern {
    /// Actions every person made in this task is exempted from (for ever): a fixture built
    /// under training requirements is built by people the requirements do not hold back.
    @TaskLocal static var exemptNewPeopleFrom: Set<Action> = []

    func makeOrganisation(_ name: String, kind: OrganisationKind = .council) async throws -> Organisation {
        let organisation = Organisation(name: name, kind: kind, createdAt: clock.now)
        try await organisation.create(on: app.db)
        return organisation
    }

    func makePerson(in organisation: Organisation, roles: Set<Role>, email: String? = nil,
                    enrolled: Bool = true) async throws -> TestPerson {
        let email = email ?? "person-\(UUID().uuidString.prefix(8).lowercased())@example.org"
        let password = "correct lantern battery \(UUID().uuidString.prefix(4))"
        let user = User(organisationID: try organisation.requireID(), email: email, displayName: "Person \(email.prefix(15))",
                        passwordHash: try Bcrypt.hash(password, cost: 4), roles: roles, createdAt: clock.now)
        try await user.create(on: app.db)
        let secret = Base32.encode(TOTP.generateSecret())
        if enrolled {
            user.totpSecret = try app.lantern.cipher.seal(secret, context: user.totpSealContext)
            try await user.save(on: app.db)
        }
        for action in Self.exemptNewPeopleFrom {
            let exemption = TrainingExemption()
            exemption.userID = try user.requireID()
            exemption.organisationID = try organisation.requireID()
            exemption.action = action.rawValue
            exemption.untilDay = Int(Int32.max)
            exemption.reason = "Test fixture"
            exemption.grantedBy = try user.requireID()
            exemption.grantedAt = clock.now
            try await exemption.create(on: app.db)
        }
        return TestPerson(user: user, email: email, password: password, totpSecret: secret)
    }

    func browser() -> TestBrowser { TestBrowser(app: app) }

    /// Signs a person in through the real pages (password, then TOTP), then moves the
    /// clock past this TOTP step so the next sign-in gets a fresh code.
    func signedIn(_ person: TestPerson) async throws -> TestBrowser {
        let browser = browser()
        try await browser.signIn(person, at: clock.now)
        clock.advance(31)
        return browser
    }
}

extension TestLantern {
    /// A personal access token for a person, stored hashed as the account page would.
    func apiToken(for person: TestPerson) async throws -> String {
        let token = SecretToken.generate(prefix: "lt_")
        try await APIToken(userID: person.id, name: "test", tokenHash: SecretToken.storedHash(of: token), now: clock.now,
                           expiresAt: clock.now.addingTimeInterval(86_400 * 365)).create(on: app.db)
        return token
    }

    func api(_ token: String) -> APIClient { APIClient(app: app, token: token) }

    /// Today as the app sees it (UK calendar day).
    var today: Day { app.lantern.today }
}

/// Calls the JSON API with a bearer token.
struct APIClient {
    let app: Application
    let token: String

    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path, headers: ["Authorization": "Bearer \(token)"])
    }

    func send(_ method: HTTPMethod, _ path: String, json: [String: Any]) async throws -> TestingHTTPResponse {
        let data = try JSONSerialization.data(withJSONObject: json)
        return try await app.testing().sendRequest(method, path, headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                   body: ByteBuffer(data: data))
    }

    func post(_ path: String, _ json: [String: Any]) async throws -> TestingHTTPResponse { try await send(.POST, path, json: json) }
    func put(_ path: String, _ json: [String: Any]) async throws -> TestingHTTPResponse { try await send(.PUT, path, json: json) }
}

extension TestingHTTPResponse {
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:] }
}
