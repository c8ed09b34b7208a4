import Fluent
import Foundation
import SQLKit
import Vapor

/// The account's own failure count and lock, each change one statement, so guesses sent in
/// parallel are counted one by one instead of read, added to and written back together.
///
/// An attempt is claimed before the password or code is checked; the claim fails (and
/// nothing is checked) while the account is locked or `threshold` attempts are already
/// counted. A failed check that reaches the threshold locks the account for a while and
/// starts the count again; a correct password gives its claim back; completing sign-in
/// clears the count.
struct AccountLockout: Sendable {
    let database: any Database
    let threshold: Int
    let duration: TimeInterval

    /// False when the account is locked or its attempts are used up: refuse without checking.
    func claim(_ userID: UUID, now: Date) async throws -> Bool {
        let claimed = try await sql().raw("""
            UPDATE users SET failed_attempts = failed_attempts + 1
            WHERE id = \(bind: userID) AND failed_attempts < \(bind: threshold)
              AND (locked_until IS NULL OR locked_until <= \(bind: now))
            RETURNING failed_attempts
            """).first() != nil
        if !claimed {
            // Attempts used up but no lock (claims whose checks never finished): lock now, so
            // the account always unlocks by itself after `duration` and is never stuck.
            try await sql().raw("""
                UPDATE users SET failed_attempts = 0, locked_until = \(bind: now.addingTimeInterval(duration))
                WHERE id = \(bind: userID) AND failed_attempts >= \(bind: threshold)
                  AND (locked_until IS NULL OR locked_until <= \(bind: now))
                """).run()
        }
        return claimed
    }

    /// Records that the claimed attempt failed. True when this failure locked the account.
    func failed(_ userID: UUID, now: Date) async throws -> Bool {
        try await sql().raw("""
            UPDATE users SET failed_attempts = 0, locked_until = \(bind: now.addingTimeInterval(duration))
            WHERE id = \(bind: userID) AND failed_attempts >= \(bind: threshold)
              AND (locked_until IS NULL OR locked_until <= \(bind: now))
            RETURNING id
            """).first() != nil
    }

    /// The attempt was not held against the account: the password was right, or it could not
    /// be checked at all (the hashing line was full).
    func giveBack(_ userID: UUID) async throws {
        try await sql().raw("""
            UPDATE users SET failed_attempts = failed_attempts - 1 WHERE id = \(bind: userID) AND failed_attempts > 0
            """).run()
    }

    /// Signed in: the count starts again.
    func signedIn(_ userID: UUID) async throws {
        try await sql().raw("UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = \(bind: userID)").run()
    }

    private func sql() throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        return sql
    }
}
