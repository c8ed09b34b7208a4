import Fluent
import SQLKit

/// Safeguarding concerns and their routing history; the team a directory entry routes to.
struct CreateSafeguardingConcerns: AsyncMigration {
    var name: String { "024_CreateSafeguardingConcerns" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(SafeguardingConcern.schema)
                .id()
                .field("case_id", .uuid, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("raised_by", .uuid, .required)
                .field("raised_by_organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("subject", .string, .required)
                .field("kind", .string, .required)
                .field("urgency", .string, .required)
                .field("police_box", .bool, .required)
                .field("linked_concern_id", .uuid)
                .field("borough_code", .string, .required)
                .field("sealed_seen", .string, .required)
                .field("routed_organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("routed_team_id", .uuid)
                .field("routed_entry_id", .uuid)
                .field("routed_at", .datetime, .required)
                .field("acknowledge_by", .datetime, .required)
                .field("acknowledged_at", .datetime)
                .field("acknowledged_by", .uuid)
                .field("escalated_at", .datetime)
                .field("outcome", .string)
                .field("sealed_outcome_note", .string)
                .field("closed_at", .datetime)
                .field("closed_by", .uuid)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(SafeguardingConcernRoute.schema)
                .id()
                .field("concern_id", .uuid, .required, .references(SafeguardingConcern.schema, "id", onDelete: .cascade))
                .field("from_organisation_id", .uuid)
                .field("from_team_id", .uuid)
                .field("to_organisation_id", .uuid, .required)
                .field("to_team_id", .uuid)
                .field("to_entry_id", .uuid)
                .field("sealed_reason", .string)
                .field("routed_at", .datetime, .required)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            // The team a directory entry routes to (nil: the maintaining organisation as a
            // whole). Teams are never deleted, so, like cases.team_id, no foreign key (SQLite
            // cannot add one to an existing table).
            try await tx.schema(DirectoryEntry.schema).field("team_id", .uuid).update()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.create(index: "safeguarding_concerns_routed").on(SafeguardingConcern.schema)
                .column("routed_organisation_id").column("routed_team_id").run()
            try await sql.create(index: "safeguarding_concerns_raised").on(SafeguardingConcern.schema)
                .column("raised_by_organisation_id").run()
            try await sql.create(index: "safeguarding_concerns_case").on(SafeguardingConcern.schema).column("case_id").run()
            // The escalation job: unacknowledged, not escalated, by deadline.
            try await sql.create(index: "safeguarding_concerns_waiting").on(SafeguardingConcern.schema)
                .column("escalated_at").column("acknowledged_at").column("acknowledge_by").run()
            try await sql.create(index: "safeguarding_concern_routes_concern").on(SafeguardingConcernRoute.schema)
                .column("concern_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SafeguardingConcernRoute.schema).delete()
        try await database.schema(SafeguardingConcern.schema).delete()
        try await database.schema(DirectoryEntry.schema).deleteField("team_id").update()
    }
}
