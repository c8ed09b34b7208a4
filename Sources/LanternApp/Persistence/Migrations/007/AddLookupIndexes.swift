import Fluent
import SQLKit

/// Indexes for lookups that scanned whole tables: a case's history in the audit log (the
/// case page lists views by other organisations; the log only grows) and a case's shares.
struct AddLookupIndexes: AsyncMigration {
    var name: String { "007_AddLookupIndexes" }

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "audit_entries_record").on(AuditEntry.schema)
            .column("record_type").column("record_id").column("seq").run()
        try await sql.create(index: "case_shares_case").on(CaseShare.schema).column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "case_shares_case").run()
        try await sql.drop(index: "audit_entries_record").run()
    }
}
