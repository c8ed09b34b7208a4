import FluentKit
import NIOCore
import SQLKit

/// A database configuration whose writers take their turn in a `WriteQueue` (see there for
/// why). Transactions always queue; with `queuesSingleWrites` (SQLite, one writer) so do
/// writes outside a transaction. Reads never queue, and nothing inside a transaction queues
/// again: the transaction's own connection is not wrapped.
struct QueuedWritesConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let queue: WriteQueue
    let queuesSingleWrites: Bool

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        QueuedWritesDriver(base: base.makeDriver(for: databases), queue: queue, queuesSingleWrites: queuesSingleWrites)
    }
}

struct QueuedWritesDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let queue: WriteQueue
    let queuesSingleWrites: Bool

    func makeDatabase(with context: DatabaseContext) -> any Database {
        let database = base.makeDatabase(with: context)
        guard let sql = database as? any Database & SQLDatabase else { return database }
        return QueuedWritesDatabase(base: sql, queue: queue, queuesSingleWrites: queuesSingleWrites)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

struct QueuedWritesDatabase: Database, SQLDatabase {
    let base: any Database & SQLDatabase
    let queue: WriteQueue
    let queuesSingleWrites: Bool

    // Database

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<Void> {
        switch query.action {
        case .create, .update, .delete: inTurn { base.execute(query: query, onOutput: onOutput) }
        default: base.execute(query: query, onOutput: onOutput)
        }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { inTurn { base.execute(schema: schema) } }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { inTurn { base.execute(enum: `enum`) } }

    func transaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !base.inTransaction else { return base.transaction(closure) }
        return queued { base.transaction(closure) }
    }

    func withConnection<T: Sendable>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection(closure)
    }

    // SQLDatabase

    var logger: Logger { base.context.logger }
    var eventLoop: any EventLoop { base.context.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        isRead(query) ? base.execute(sql: query, onRow) : inTurn { base.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.withSession(closure)
    }

    // The queue

    /// A write outside a transaction: queued only where there is one writer.
    private func inTurn(_ write: @escaping @Sendable () -> EventLoopFuture<Void>) -> EventLoopFuture<Void> {
        queuesSingleWrites ? queued(write) : write()
    }

    private func queued<T: Sendable>(_ write: @escaping @Sendable () -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let promise = base.context.eventLoop.makePromise(of: T.self)
        queue.enter { leave in
            write().whenComplete { result in
                leave()
                promise.completeWith(result)
            }
        }
        return promise.futureResult
    }

    /// Statements that only read: a SELECT, or raw SQL that starts as one.
    func isRead(_ query: any SQLExpression) -> Bool {
        if query is SQLSelect || query is SQLUnion { return true }
        guard let raw = query as? SQLQueryString else { return false }
        let head = base.serialize(raw).sql.drop(while: { $0.isWhitespace || $0 == "(" }).prefix(8).uppercased()
        return head.hasPrefix("SELECT") || head.hasPrefix("WITH") || head.hasPrefix("EXPLAIN") || head.hasPrefix("VALUES")
    }
}
