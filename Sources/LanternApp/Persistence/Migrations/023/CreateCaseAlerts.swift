import Fluent
import SQLKit

/// Alerts nobody may miss (issue 11): one row per case, kind and window, raised by the daily
/// job and then acknowledged and resolved with notes sealed with the case's key. The unique
/// (case_id, kind, window_key) makes "never twice" hold however often, or on however many nodes,
/// the job runs. Each organisation may set its own "no contact for N days".
struct CreateCaseAlerts: AsyncMigration {
    var name: String { "023_CreateCaseAlerts" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(CaseAlert.schema)
                .id()
                .field("case_id", .uuid, .required, .references("cases", "id", onDelete: .cascade))
                .field("kind", .string, .required)
                .field("window_key", .string, .required)
                .field("raised_on", .int, .required)
                .field("raised_at", .datetime, .required)
                .field("organisation_id", .uuid, .required, .references("organisations", "id"))
                .field("state", .string, .required)
                .field("acknowledged_by", .uuid)
                .field("acknowledged_at", .datetime)
                .field("sealed_acknowledge_note", .string)
                .field("resolved_by", .uuid)
                .field("resolved_at", .datetime)
                .field("sealed_note", .string)
                .unique(on: "case_id", "kind", "window_key")
                .create()
            try await tx.schema("organisations").field("no_contact_alert_days", .int).update()
            guard let sql = tx as? any SQLDatabase else { return }
            // The lists read an organisation's open alerts; the case section a case's.
            try await sql.create(index: "case_alerts_organisation_state").on(CaseAlert.schema)
                .column("organisation_id").column("state").run()
            // The job gives tasks for the alerts raised on its day.
            try await sql.create(index: "case_alerts_raised_on").on(CaseAlert.schema).column("raised_on").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").deleteField("no_contact_alert_days").update()
        try await database.schema(CaseAlert.schema).delete()
    }
}
