import Fluent
import SQLKit

/// Teams within an organisation (adult safeguarding, housing, the police SPOC), who belongs
/// to them, and the team a case is routed to or a share addresses. Both new columns are
/// nullable: no team means the whole organisation, as before.
struct CreateTeams: AsyncMigration {
    var name: String { "015_CreateTeams" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(Team.schema)
                .id()
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id", onDelete: .cascade))
                .field("name", .string, .required)
                .field("created_at", .datetime, .required)
                .unique(on: "organisation_id", "name")
                .create()
            try await tx.schema(TeamMember.schema)
                .id()
                .field("team_id", .uuid, .required, .references(Team.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
                .field("added_at", .datetime, .required)
                .field("added_by", .uuid, .required)
                .unique(on: "team_id", "user_id")
                .create()
            // One column at a time: SQLite adds one per ALTER TABLE. Teams are never deleted
            // (only renamed), so these hold no foreign key, which SQLite cannot add here.
            try await tx.schema(CaseShare.schema).field("team_id", .uuid).update()
            try await tx.schema(CaseRecord.schema).field("team_id", .uuid).update()
            guard let sql = tx as? any SQLDatabase else { return }
            // Every signed-in request asks which teams its person belongs to.
            try await sql.create(index: "team_members_user").on(TeamMember.schema).column("user_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TeamMember.schema).delete()
        try await database.schema(Team.schema).delete()
    }
}
