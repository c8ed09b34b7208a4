import Fluent
import SQLKit

/// Immigration status (dated), the Recovery Needs Assessment pillars asked for and decided,
/// homelessness applications and reciprocal housing requests between councils. Every row goes
/// with its case (ON DELETE CASCADE).
struct CreateCaseStatusAndHousing: AsyncMigration {
    var name: String { "022_CreateCaseStatusAndHousing" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(CaseImmigrationStatus.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("immigration_status", .string, .required)
                .field("nrpf", .bool, .required)
                .field("from_day", .int, .required)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(CaseRNAPillar.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("pillar", .string, .required)
                .field("requested_on", .int, .required)
                .field("outcome", .string, .required)
                .field("decided_on", .int)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(HomelessnessApplication.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("borough_code", .string, .required)
                .field("applied_on", .int, .required)
                .field("duty", .string, .required)
                .field("priority_need", .string, .required)
                .field("decided_on", .int)
                .field("outcome", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(HousingRequest.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("from_organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("to_organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("to_team_id", .uuid, .references(Team.schema, "id", onDelete: .setNull))
                .field("borough_code", .string, .required)
                .field("sent_on", .int, .required)
                .field("status", .string, .required)
                .field("answered_on", .int)
                .field("answered_by", .uuid)
                .field("sealed_note", .string)
                .field("sealed_answer", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            // The case page reads by case; the alert job the current status per case; the lists
            // by the receiving and the sending organisation.
            try await sql.create(index: "case_status_case_from").on(CaseImmigrationStatus.schema).column("case_id").column("from_day").run()
            try await sql.create(index: "case_rna_pillars_case").on(CaseRNAPillar.schema).column("case_id").run()
            try await sql.create(index: "homelessness_applications_case").on(HomelessnessApplication.schema).column("case_id").run()
            try await sql.create(index: "housing_requests_case").on(HousingRequest.schema).column("case_id").run()
            try await sql.create(index: "housing_requests_to").on(HousingRequest.schema).column("to_organisation_id").column("status").run()
            try await sql.create(index: "housing_requests_from").on(HousingRequest.schema).column("from_organisation_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(HousingRequest.schema).delete()
        try await database.schema(HomelessnessApplication.schema).delete()
        try await database.schema(CaseRNAPillar.schema).delete()
        try await database.schema(CaseImmigrationStatus.schema).delete()
    }
}
