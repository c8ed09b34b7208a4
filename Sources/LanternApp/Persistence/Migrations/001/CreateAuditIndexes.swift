import Fluent
import SQLKit

/// Indexes for the audit trail page (by organisation, newest first) and session lookups.
struct CreateAuditIndexes: AsyncMigration {
    var name: String { "001_CreateAuditIndexes" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "audit_entries_org_seq").on(AuditEntry.schema)
            .column("organisation_id").column("seq").run()
        try await sql.create(index: "sessions_user").on(UserSession.schema).column("user_id").run()
        try await sql.create(index: "users_organisation").on(User.schema).column("organisation_id").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "users_organisation").run()
        try await sql.drop(index: "sessions_user").run()
        try await sql.drop(index: "audit_entries_org_seq").run()
    }
}
