import Fluent
import SQLKit

/// The referral's own follow-up (issue 12): per case, the Home Office's reference for the NRM
/// referral (not identifying of the person: plain, format-checked) and the day it acknowledged
/// the referral; and each chase of the Reasonable Grounds decision (its note sealed with the
/// case's key). A chase is unique per case, day and method, so a form sent twice records one.
struct CreateReferralFollowUp: AsyncMigration {
    var name: String { "032_CreateReferralFollowUp" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(ReferralFollowUpRecord.schema)
                .field("case_id", .uuid, .identifier(auto: false), .references("cases", "id", onDelete: .cascade))
                .field("home_office_reference", .string)
                .field("acknowledged_on", .int)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            try await tx.schema(RGChase.schema)
                .id()
                .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
                .field("chased_on", .int, .required)
                .field("method", .string, .required)
                .field("sealed_note", .string)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .unique(on: "case_id", "chased_on", "method")
                .create()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RGChase.schema).delete()
        try await database.schema(ReferralFollowUpRecord.schema).delete()
    }
}
