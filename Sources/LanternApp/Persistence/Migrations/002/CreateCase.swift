import Fluent
import SQLKit

struct CreateCase: AsyncMigration {
    var name: String { "002_CreateCase" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CaseRecord.schema)
            .id()
            .field("reference", .string, .required)
            .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("age_group", .string, .required)
            .field("age_group_at_exploitation", .string, .required)
            .field("gender", .string, .required)
            .field("nationality", .string)
            .field("language", .string)
            .field("interpreter_needed", .bool, .required)
            .field("borough_identified", .string)
            .field("borough_exploited", .string)
            .field("exploitation_location", .string, .required)
            .field("county_lines", .bool, .required)
            .field("first_responder_type", .string, .required)
            .field("identified_on", .int, .required)
            .field("stage", .string, .required)
            .field("due_on", .int)
            .field("pathway_state", .string, .required)
            .field("rg_outcome", .string)
            .field("cg_outcome", .string)
            .field("sealed_referral", .string, .required)
            .field("person_match_key", .string)
            .unique(on: "reference")
            .create()
        try await database.schema(CaseExploitationType.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
            .field("type", .string, .required)
            .unique(on: "case_id", "type")
            .create()
        try await database.schema(CaseEvent.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("label", .string, .required)
            .field("event", .string, .required)
            .field("occurred_on", .int, .required)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by", .uuid, .required)
            .field("sealed_note", .string)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.create(index: "cases_org_stage").on(CaseRecord.schema).column("organisation_id").column("stage").run()
        try await sql.create(index: "cases_org_due").on(CaseRecord.schema).column("organisation_id").column("due_on").run()
        try await sql.create(index: "cases_person_match").on(CaseRecord.schema).column("person_match_key").run()
        try await sql.create(index: "case_events_case").on(CaseEvent.schema).column("case_id").column("occurred_on").run()
        try await sql.create(index: "case_types_type").on(CaseExploitationType.schema).column("type").column("case_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseEvent.schema).delete()
        try await database.schema(CaseExploitationType.schema).delete()
        try await database.schema(CaseRecord.schema).delete()
    }
}
