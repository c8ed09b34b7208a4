import Fluent

/// Counters for sign-in throttling: one row per address or account, counting attempts in
/// the current window (see `AttemptThrottle`).
struct CreateAttemptCounter: AsyncMigration {
    var name: String { "008_CreateAttemptCounter" }

    func prepare(on database: any Database) async throws {
        try await database.schema("attempt_counters")
            .field("subject", .string, .identifier(auto: false))
            .field("window_ends_at", .datetime, .required)
            .field("attempts", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("attempt_counters").delete()
    }
}
