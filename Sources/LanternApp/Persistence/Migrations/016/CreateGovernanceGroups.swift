import Fluent
import SQLKit

/// Partnership governance, part one: groups (boards, networks, sub-groups), their members
/// with dated roles, and versioned terms of reference. Nothing here is ever overwritten: a
/// membership ends with an until day, terms change by a new version.
struct CreateGovernanceGroups: AsyncMigration {
    var name: String { "016_CreateGovernanceGroups" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(PartnershipGroup.schema)
                .id()
                .field("kind", .string, .required)
                .field("name", .string, .required)
                .field("slug", .string, .required)
                .field("purpose", .string, .required)
                .field("parent_id", .uuid, .references(PartnershipGroup.schema, "id"))
                .field("host_organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("is_public", .bool, .required)
                .field("created_at", .datetime, .required)
                .unique(on: "slug")
                .create()
            try await tx.schema(GroupMember.schema)
                .id()
                .field("group_id", .uuid, .required, .references(PartnershipGroup.schema, "id", onDelete: .cascade))
                .field("user_id", .uuid, .required, .references(User.schema, "id"))
                .field("organisation_id", .uuid, .required, .references(Organisation.schema, "id"))
                .field("role", .string, .required)
                .field("from_day", .int, .required)
                .field("until_day", .int)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .create()
            try await tx.schema(TermsVersion.schema)
                .id()
                .field("group_id", .uuid, .required, .references(PartnershipGroup.schema, "id", onDelete: .cascade))
                .field("version", .int, .required)
                .field("body", .string, .required)
                .field("quorum", .int, .required)
                .field("approved_on", .int, .required)
                .field("approved_meeting_id", .uuid)
                .field("next_review_on", .int, .required)
                .field("created_at", .datetime, .required)
                .field("created_by", .uuid, .required)
                .unique(on: "group_id", "version")
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            // Every group check asks who its members are; every signed-in list asks which
            // groups a person belongs to.
            try await sql.create(index: "governance_members_group").on(GroupMember.schema).column("group_id").run()
            try await sql.create(index: "governance_members_user").on(GroupMember.schema).column("user_id").run()
            try await sql.create(index: "governance_groups_parent").on(PartnershipGroup.schema).column("parent_id").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TermsVersion.schema).delete()
        try await database.schema(GroupMember.schema).delete()
        try await database.schema(PartnershipGroup.schema).delete()
    }
}
