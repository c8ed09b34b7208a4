import Vapor
import LanternCore

/// bcrypt, run on the thread pool so a slow hash never blocks an event loop.
struct PasswordHasher: Sendable {
    let cost: Int
    let pool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await pool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        // bcrypt ignores bytes past 72; such passwords were never accepted, so never match.
        guard password.utf8.count <= PasswordRules.maximumBytes else { return false }
        return try await pool.runIfActive { try Bcrypt.verify(password, created: hash) }
    }

    /// A hash of nothing in particular, checked when the email is unknown so that the
    /// response takes as long as for a real account (no enumeration by timing).
    static let decoy = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuF3gD.0jiqIu1O/JqYwwrQeyJUIMpjEm"
}

extension Request {
    var passwords: PasswordHasher {
        PasswordHasher(cost: application.lantern.settings.passwordCost, pool: application.threadPool)
    }
}
