import Fluent
import LanternCore

struct CreateAuditLog: AsyncMigration {
    var name: String { "001_CreateAuditLog" }

    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .field("seq", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor_user_id", .string)
            .field("organisation_id", .string)
            .field("action", .string, .required)
            .field("record_type", .string)
            .field("record_id", .string)
            .field("outcome", .string, .required)
            .field("request_id", .string)
            .field("source_address", .string)
            .field("hash", .string, .required)
            .create()
        try await database.schema(AuditHead.schema)
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        try await AuditHead(sequence: 0, hash: AuditChain.genesis).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditHead.schema).delete()
        try await database.schema(AuditEntry.schema).delete()
    }
}
