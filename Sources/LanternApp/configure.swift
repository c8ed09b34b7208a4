import Fluent
import Vapor
import LanternCore

/// Wires Lantern together: settings, database, middleware, routes and commands. Everything
/// that can be wrong (database address, key) fails here, before the first request.
public func configure(_ app: Application, settings: LanternSettings, clock: LanternClock = .system) async throws {
    let cipher = try KeyLoader.load(settings.key)
    // A real bcrypt hash of a random password, checked when an email is unknown (equal timing).
    let decoy = try Bcrypt.hash(SecretToken.generate(), cost: settings.passwordCost)
    app.lantern = LanternServices(settings: settings, cipher: cipher, clock: clock, decoyPasswordHash: decoy)
    app.lifecycle.use(PasswordHasherShutdown(hasher: app.lantern.passwords))
    _ = MetricsBootstrap.registry
    ContentConfiguration.global.use(encoder: JSONEncoder.lantern, for: .json)
    ContentConfiguration.global.use(decoder: JSONDecoder.lantern, for: .json)
    app.http.server.configuration.hostname = settings.hostname
    app.http.server.configuration.port = settings.port

    try DatabaseSetup.configure(app, settings: settings)
    registerMigrations(app.migrations, cipher: cipher)
    // The key is checked before any migration uses it (re-keying the audit chain with the
    // wrong key would be worse than refusing to start).
    try await KeyGuard.checkOrRecord(app)
    if settings.migrateOnStart {
        try await app.autoMigrate()
    }
    try await DatabaseSetup.tuneSQLite(app)
    try await KeyGuard.checkOrRecord(app)

    app.routes.defaultMaxBodySize = "1mb"
    app.middleware = Middlewares()
    app.middleware.use(RequestTraceMiddleware())
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(servedOverHTTPS: settings.servedOverHTTPS))
    app.middleware.use(LanternErrorMiddleware())
    app.middleware.use(StaticFiles.middleware())
    app.middleware.use(PathShapeMiddleware())
    app.middleware.use(TextEncodingMiddleware())
    // Sessions, bearer tokens and CSRF are per route, by surface (see RouteSurface).

    try routes(app)
    registerCommands(app)
}

/// The key is right if the value sealed when the database was created still opens.
enum KeyGuard {
    struct WrongKey: Error, CustomStringConvertible {
        let description = "The encryption key does not match this database. Lantern will not start with the wrong key; "
            + "restore the original key file (or LANTERN_KEY) for this database."
    }

    static func checkOrRecord(_ app: Application) async throws {
        let cipher = app.lantern.cipher
        // Before the first migration there is no table, and so nothing encrypted to protect.
        guard let existing = try? await KeyCheck.query(on: app.db).all() else { return }
        if let check = existing.first {
            guard (try? cipher.open(check.sealed, context: KeyCheck.context)) == KeyCheck.plaintext else { throw WrongKey() }
        } else {
            try await KeyCheck(sealed: cipher.seal(KeyCheck.plaintext, context: KeyCheck.context)).create(on: app.db)
        }
    }
}
