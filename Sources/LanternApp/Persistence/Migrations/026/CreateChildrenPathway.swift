import Fluent
import SQLKit

/// The children's pathway: one row per child's case (`case_children`: when the child came into
/// contact or care, the month they turn 18 as `yyyymm`, the county-lines and criminal
/// exploitation markers, the sealed note of a section 45 defence), the first-72-hours checklist
/// (`child_checklist_items`, one row per item of a case) and missing episodes
/// (`child_missing_episodes`; at most one open per case, kept by a partial unique index).
struct CreateChildrenPathway: AsyncMigration {
    var name: String { "026_CreateChildrenPathway" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(ChildRecord.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("came_into_contact_at", .datetime)
                .field("turns_18_month", .int)
                .field("county_lines", .bool, .required)
                .field("criminal_exploitation", .bool, .required)
                .field("section45_note", .string)
                .field("ictg_referred_on", .int)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .field("updated_by", .uuid, .required)
                .field("updated_at", .datetime, .required)
                .unique(on: "case_id")
                .create()
            try await tx.schema(ChildChecklistEntry.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("item", .string, .required)
                .field("done_at", .datetime)
                .field("done_by", .uuid)
                .field("not_needed_reason", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .unique(on: "case_id", "item")
                .create()
            try await tx.schema(ChildMissingEpisode.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("from_at", .datetime, .required)
                .field("until_at", .datetime)
                .field("rhi_offered_at", .datetime)
                .field("rhi_held_at", .datetime)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .field("updated_by", .uuid, .required)
                .field("updated_at", .datetime, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.create(index: "child_missing_episodes_case").on(ChildMissingEpisode.schema).column("case_id").column("from_at").run()
            // One open episode per child, whoever records it and however many at once.
            try await sql.raw("CREATE UNIQUE INDEX child_missing_episodes_one_open ON child_missing_episodes (case_id) WHERE until_at IS NULL").run()
            // The alert job reads the month a child turns 18 across all cases.
            try await sql.create(index: "case_children_turns_18").on(ChildRecord.schema).column("turns_18_month").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ChildMissingEpisode.schema).delete()
        try await database.schema(ChildChecklistEntry.schema).delete()
        try await database.schema(ChildRecord.schema).delete()
    }
}
