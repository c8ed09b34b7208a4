import Fluent
import SQLKit

/// Data-sharing agreements: their terms, and one row for each party, named person, borough
/// and organisation they name. A person's agreements are found by (kind, value); an
/// agreement names each thing once.
struct CreateDataSharingAgreements: AsyncMigration {
    var name: String { "043_CreateDataSharingAgreements" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(DataSharingAgreement.schema)
                .id()
                .field("title", .string, .required)
                .field("purpose", .string, .required)
                .field("lawful_basis", .string, .required)
                .field("special_category_condition", .string, .required)
                .field("from_day", .string, .required)
                .field("until_day", .string, .required)
                .field("ended_on", .string)
                .field("ended_by", .uuid)
                .field("end_reason", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(DataSharingAgreementEntry.schema)
                .id()
                .field("agreement_id", .uuid, .required, .references(DataSharingAgreement.schema, "id", onDelete: .cascade))
                .field("kind", .string, .required)
                .field("value", .string, .required)
                .unique(on: "agreement_id", "kind", "value")
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("CREATE INDEX data_sharing_agreement_entries_named ON data_sharing_agreement_entries (kind, value)").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DataSharingAgreementEntry.schema).delete()
        try await database.schema(DataSharingAgreement.schema).delete()
    }
}
