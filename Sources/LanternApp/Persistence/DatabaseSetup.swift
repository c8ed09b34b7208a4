import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Connects Fluent to SQLite (one node) or PostgreSQL (many nodes).
enum DatabaseSetup {
    static func configure(_ app: Application, settings: LanternSettings) throws {
        switch settings.database {
        case .sqlite(let path):
            // Created owner-only before SQLite opens it; its -wal and -shm files inherit the mode.
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            // Each SQLite call blocks a pool thread, also while it waits for the write lock.
            // With more threads than connections (one per event loop), the connection that
            // holds the lock always has a thread to finish on; Vapor's shared pool has one
            // thread per core and can be filled by waiters, which deadlocks.
            let connections = Array(app.eventLoopGroup.makeIterator()).count
            app.threadPool = NIOThreadPool(numberOfThreads: connections + 1)
            // One writer at a time, queued in the process (see WriteQueue).
            let writers = WriteQueue(width: 1)
            // The SQLite driver keeps one connection per event loop (it ignores more), so in a
            // burst every request waits its turn for it. Ten seconds (the default) was passed
            // by forty requests at once on a busy machine ("database unavailable"); a reader
            // waiting here waits behind other readers, never on a lock it holds, so a minute.
            app.databases.use(DatabaseConfigurationFactory(make: {
                QueuedWritesConfiguration(base: DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: .seconds(60)).make(),
                                          queue: writers, queuesSingleWrites: true)
            }), as: .sqlite)
        case .postgres(let url):
            var parsed = try SQLPostgresConfiguration(url: url)
            parsed.searchPath = settings.postgresSearchPath
            let configuration = parsed
            // Write transactions queue in the process and leave one connection per event
            // loop to readers, so a burst of writes waits in line instead of timing out in the pool;
            // a reader waits up to a minute for a connection, as on SQLite.
            let perLoop = 4
            let loops = Array(app.eventLoopGroup.makeIterator()).count
            let writers = WriteQueue(width: loops * (perLoop - 1))
            app.databases.use(DatabaseConfigurationFactory(make: {
                QueuedWritesConfiguration(base: DatabaseConfigurationFactory.postgres(
                    configuration: configuration, maxConnectionsPerEventLoop: perLoop, connectionPoolTimeout: .seconds(60)).make(),
                                          queue: writers, queuesSingleWrites: false)
            }), as: .psql)
        }
    }

    /// SQLite: write-ahead logging so readers never block the writer, and a full sync so a
    /// write acknowledged to the client survives a crash or power cut. `journal_mode` is kept
    /// in the file; `synchronous` is per connection, so it is set on every pooled connection.
    /// `busy_timeout` replaces SQLiteNIO's busy handler, which retries at once and forever:
    /// a connection waiting for the write lock then sleeps (1, 2, 5 … ms) instead of
    /// spinning a core, and gives up with an error after ten seconds instead of never.
    /// `secure_delete` overwrites deleted content with zeros, so an erased case's key does
    /// not linger in the file's free space (see `RetentionSweep.releaseStorage`).
    static func tuneSQLite(_ app: Application) async throws {
        guard case .sqlite = app.lantern.settings.database else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: eventLoop)
            guard let sql = db as? any SQLDatabase else { continue }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await sql.raw("PRAGMA busy_timeout = 10000").run()
            try await sql.raw("PRAGMA secure_delete = ON").run()
        }
    }
}
