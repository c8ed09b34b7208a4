import Fluent
import SQLKit

/// Finding a case by name and date of birth (issue 12): `case_search_tokens` holds keyed
/// hashes of a case's normalised name words and date of birth (`CaseSearchTokens`,
/// `CaseSearchKey`), never the words themselves, one row per case and token, with its
/// organisation so a search reads only its own organisation's index. A case's tokens are
/// written in the transaction that records or changes its referral details and go with it
/// (cascade) or on erasure. `cases.search_tokens_version` says under which rules a case was
/// indexed: NULL (older cases) are indexed at boot or by `lantern reindex-search`.
struct CreateCaseSearchTokens: AsyncMigration {
    var name: String { "028_CreateCaseSearchTokens" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(CaseSearchIndex.schema)
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("organisation_id", .uuid, .required)
                .field("token", .string, .required)
                .compositeIdentifier(over: "case_id", "token")
                .create()
            try await tx.schema(CaseRecord.schema).field("search_tokens_version", .int).update()
            guard let sql = tx as? any SQLDatabase else { return }
            // A search: the organisation's rows for one token.
            try await sql.create(index: "case_search_tokens_organisation_token").on(CaseSearchIndex.schema)
                .column("organisation_id").column("token").run()
            // The backfill: cases not yet indexed under the current rules.
            try await sql.create(index: "cases_search_tokens_version").on(CaseRecord.schema).column("search_tokens_version").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseSearchIndex.schema).delete()
        try await database.schema(CaseRecord.schema).deleteField("search_tokens_version").update()
    }
}
