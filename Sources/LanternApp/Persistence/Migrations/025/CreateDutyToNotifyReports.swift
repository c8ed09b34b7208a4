import Fluent

/// The answers of a case's Duty to Notify report (`duty_to_notify_reports`, one row per case):
/// the reason the adult declined, whether they are still in the situation, whether it was
/// reported to the police and whether they agreed to police contact, and optional details
/// sealed with the case's own key. Nothing that identifies the adult: the case's gender,
/// nationality and exploitation complete the report. The notification's date is the pathway's
/// (`PathwayState.notifiedOn`), kept when the case later becomes a referral.
struct CreateDutyToNotifyReports: AsyncMigration {
    var name: String { "025_CreateDutyToNotifyReports" }

    func prepare(on database: any Database) async throws {
        try await database.schema(DutyToNotifyReport.schema)
            .id()
            .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
            .field("reason", .string, .required)
            .field("still_in_situation", .string, .required)
            .field("reported_to_police", .string, .required)
            .field("police_may_contact", .string, .required)
            .field("sealed_details", .string)
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .field("updated_by", .uuid, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "case_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DutyToNotifyReport.schema).delete()
    }
}
