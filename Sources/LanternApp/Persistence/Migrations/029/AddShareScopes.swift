import Fluent
import SQLKit

/// A share carries a set of scopes (`case_shares.scopes`, a comma list of `ShareScope` codes)
/// within its consent. The one wider scope of before, `full_case`, showed the case record
/// without name, date of birth, contact or story, so it becomes `case_without_identity` in
/// shares and consents alike; `decision_status` stays. The old `scope` column stays (SQLite
/// cannot drop it) and is no longer read.
struct AddShareScopes: AsyncMigration {
    var name: String { "029_AddShareScopes" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(CaseShare.schema).field("scopes", .string).update()
            guard let sql = tx as? any SQLDatabase else { return }
            try await Self.rewrite(on: sql)
        }
    }

    /// The old data in the new words, in two set-based statements (also run by a test on rows
    /// written the old way).
    static func rewrite(on sql: any SQLDatabase) async throws {
        try await sql.raw("""
            UPDATE case_shares SET scopes = CASE scope WHEN 'full_case' THEN 'case_without_identity'
                WHEN 'decision_status' THEN 'decision_status' END
            WHERE scopes IS NULL
            """).run()
        try await sql.raw("""
            UPDATE consent_records SET scopes = REPLACE(scopes, 'full_case', 'case_without_identity')
            WHERE scopes LIKE '%full_case%'
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseShare.schema).deleteField("scopes").update()
    }
}
