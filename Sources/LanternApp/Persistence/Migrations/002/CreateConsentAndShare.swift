import Fluent
import SQLKit

struct CreateConsentAndShare: AsyncMigration {
    var name: String { "002_CreateConsentAndShare" }

    func prepare(on database: any Database) async throws {
        try await database.schema(ConsentRecord.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
            .field("basis", .string, .required)
            .field("refer_to_nrm", .bool)
            .field("organisation_ids", .string, .required)
            .field("scopes", .string, .required)
            .field("purpose", .string, .required)
            .field("obtained_how", .string, .required)
            .field("interpreter_language", .string)
            .field("given_on", .int, .required)
            .field("valid_until", .int, .required)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .field("withdrawn_on", .int)
            .field("withdrawn_by", .uuid)
            .create()
        try await database.schema(CaseShare.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
            .field("consent_id", .uuid, .required, .references(ConsentRecord.schema, "id"))
            .field("scope", .string, .required)
            .field("purpose", .string, .required)
            .field("starts_on", .int, .required)
            .field("until", .int, .required)
            .field("granted_by", .uuid, .required)
            .field("granted_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoked_by", .uuid)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "case_shares_org").on(CaseShare.schema).column("organisation_id").column("case_id").run()
        try await sql.create(index: "consent_records_case").on(ConsentRecord.schema).column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseShare.schema).delete()
        try await database.schema(ConsentRecord.schema).delete()
    }
}
