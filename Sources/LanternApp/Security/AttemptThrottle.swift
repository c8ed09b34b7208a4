import Fluent
import Foundation
import SQLKit
import Vapor

/// Limits sign-in attempts per address and per account in a fixed window, counted in the
/// database so every node and every parallel request sees the same count.
///
/// An attempt is claimed *before* the password or code is checked, in one statement that
/// also refuses the claim when the window is full; so 40 guesses sent at once get at most
/// `limit` checks, never 40. A successful attempt gives its claim back, so only failures
/// (and attempts still being checked) fill the window: a busy office behind one address is
/// not throttled for signing in correctly.
struct AttemptThrottle: Sendable {
    struct Limit: Sendable, Equatable {
        var attempts: Int
        var window: TimeInterval
    }

    /// A full window, and how long until it ends.
    struct Refused: Error {
        let retryAfter: TimeInterval
    }

    let database: any Database

    /// Claims one attempt for `key`, or throws `Refused` when its window is full (with the
    /// seconds from `now` to the window's end). A new window starts at `windowStart` (by
    /// default now): a count kept in whole clock hours passes the hour's start, so its row
    /// says the hour and not the moment.
    func claim(_ key: String, limit: Limit, now: Date, windowStart: Date? = nil) async throws {
        let sql = try sqlDatabase()
        let newEnd = (windowStart ?? now).addingTimeInterval(limit.window)
        // One statement: start a window, or count into the current one while it has room.
        let claimed = try await sql.raw("""
            INSERT INTO attempt_counters (subject, window_ends_at, attempts) VALUES (\(bind: key), \(bind: newEnd), 1)
            ON CONFLICT (subject) DO UPDATE SET
              attempts = CASE WHEN attempt_counters.window_ends_at <= \(bind: now) THEN 1 ELSE attempt_counters.attempts + 1 END,
              window_ends_at = CASE WHEN attempt_counters.window_ends_at <= \(bind: now) THEN \(bind: newEnd)
                                    ELSE attempt_counters.window_ends_at END
            WHERE attempt_counters.window_ends_at <= \(bind: now) OR attempt_counters.attempts < \(bind: limit.attempts)
            RETURNING attempts
            """).first()
        guard claimed == nil else { return }
        let end = try await sql.select().column("window_ends_at").from("attempt_counters").where("subject", .equal, key)
            .first(decoding: WindowEnd.self)
        throw Refused(retryAfter: max(1, (end?.window_ends_at ?? newEnd).timeIntervalSince(now)))
    }

    private struct WindowEnd: Decodable { var window_ends_at: Date }

    /// Forgets windows that have ended (housekeeping).
    func purge(endedBefore now: Date) async throws {
        try await sqlDatabase().delete(from: "attempt_counters").where("window_ends_at", .lessThan, SQLBind(now)).run()
    }

    /// Gives a claim back after the attempt succeeded.
    func release(_ key: String) async throws {
        let sql = try sqlDatabase()
        try await sql.update("attempt_counters")
            .set("attempts", to: SQLBinaryExpression(SQLColumn("attempts"), .subtract, SQLLiteral.numeric("1")))
            .where("subject", .equal, key).where("attempts", .greaterThan, 0)
            .run()
    }

    private func sqlDatabase() throws -> any SQLDatabase {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        return sql
    }
}

/// The two throttles a sign-in step claims: one for the address it comes from, one for the
/// email address it is for (keyed hash, so unknown emails are throttled alike and the
/// table never holds an address or email in the clear).
struct SignInClaims {
    let throttle: AttemptThrottle
    let keys: [(String, AttemptThrottle.Limit)]

    init(request: Request, email: String) {
        let services = request.application.lantern
        let settings = services.settings
        throttle = AttemptThrottle(database: request.db)
        let address = request.clientAddress ?? "unknown"
        keys = [
            ("address:" + services.cipher.blindIndex(address, purpose: "throttle"),
             .init(attempts: settings.signInLimitPerAddress, window: settings.signInWindow)),
            ("account:" + services.cipher.blindIndex(email, purpose: "throttle"),
             .init(attempts: settings.signInLimitPerAccount, window: settings.signInWindow)),
        ]
    }

    /// Claims both; the refusal with the longer wait when either is full.
    func claim(now: Date) async throws -> AttemptThrottle.Refused? {
        var refusals: [AttemptThrottle.Refused] = []
        for (key, limit) in keys {
            do { try await throttle.claim(key, limit: limit, now: now) } catch let refused as AttemptThrottle.Refused {
                refusals.append(refused)
            }
        }
        return refusals.max { $0.retryAfter < $1.retryAfter }
    }

    func release() async throws {
        for (key, _) in keys { try await throttle.release(key) }
    }
}

extension Request {
    var lockout: AccountLockout {
        let settings = application.lantern.settings
        return AccountLockout(database: db, threshold: settings.lockoutThreshold, duration: settings.lockoutDuration)
    }
}
