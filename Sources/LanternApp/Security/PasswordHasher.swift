import NIOConcurrencyHelpers
import Vapor
import LanternCore

/// bcrypt on a thread pool of its own, with a bounded line.
///
/// Why its own pool: bcrypt at cost 12 takes a core for a quarter of a second. On the pool
/// that SQLite's calls block on, a flood of sign-ins queued every database call behind the
/// hashes, and an authenticated API call took seconds. Here hashing has one thread (a
/// second on larger machines), the database keeps its own, and at most `longestLine` hashes
/// may wait: beyond that the caller is told to come back (`Busy`) instead of queueing for ever.
final class PasswordHasher: Sendable {
    let cost: Int
    let longestLine: Int
    private let pool: NIOThreadPool
    private let inLine = NIOLockedValueBox(0)

    /// Too many hashes are already waiting; answer 429 or 503 with Retry-After.
    struct Busy: Error {}

    init(cost: Int, threads: Int = max(1, System.coreCount / 2), longestLine: Int = 16) {
        self.cost = cost
        self.longestLine = longestLine
        self.pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await inTurn { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        // bcrypt ignores bytes past 72; such passwords were never accepted, so never match.
        guard password.utf8.count <= PasswordRules.maximumBytes else { return false }
        return try await inTurn { try Bcrypt.verify(password, created: hash) }
    }

    func shutdown() async {
        try? await pool.shutdownGracefully()
    }

    private func inTurn<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        let admitted = inLine.withLockedValue { count -> Bool in
            guard count < longestLine else { return false }
            count += 1
            return true
        }
        guard admitted else { throw Busy() }
        defer { inLine.withLockedValue { $0 -= 1 } }
        return try await pool.runIfActive(work)
    }
}

/// Shuts the hashing pool down with the application.
struct PasswordHasherShutdown: LifecycleHandler {
    let hasher: PasswordHasher
    func shutdownAsync(_ app: Application) async { await hasher.shutdown() }
}

extension Request {
    var passwords: PasswordHasher { application.lantern.passwords }
}
