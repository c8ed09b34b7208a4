import Fluent
import Foundation
import LanternCore
import SQLKit

/// The daily job `rg_chases` (`ScheduledJobs.rgChases`): one set-based `INSERT … SELECT … ON
/// CONFLICT DO NOTHING` gives the worker of every case still awaiting its Reasonable Grounds
/// decision a chase task, once per window of LANTERN_RG_EXPECTED_DAYS counted from the
/// referral's submission (or from a later request to reconsider a negative decision), unless a chase was recorded in that window — what
/// `ReferralFollowUp.dueWindow` says of one case. The source key `rg_chase:<case>:<window>`
/// and the unique (owner, source key) keep it to one task however often, or on however many
/// nodes, it runs. The worker is `COALESCE(cases.worker_id, cases.created_by)` once migration
/// 027 has added `worker_id` (until then the recorder, `created_by`); a disabled worker gets none.
/// Then one "a task is waiting" email to each person given a new task; and the open chase tasks
/// of cases no longer awaiting the decision (`tasks.case_id`, migration 027) are marked done.
enum RGChaseJob {
    struct Summary: Sendable {
        var tasks = 0
        var emails = 0
        var text: String { "tasks_created=\(tasks) emails=\(emails)" }
    }

    static func sourceKeyPrefix(_ caseID: UUID) -> String { "rg_chase:" + CaseAlertJob.idText(caseID) + ":" }

    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> Summary {
        guard let sql = db as? any SQLDatabase else { throw LanternError.notFound }
        let d = CaseAlertJob.Dialect(sql)
        let t = today.daysSinceEpoch, now = services.now, days = services.settings.rgExpectedDays
        let worker: SQLQueryString = try await hasColumn("cases", "worker_id", on: sql, d) ? "COALESCE(c.worker_id, c.created_by)" : "c.created_by"
        let caseColumn = try await hasColumn(PersonTask.schema, "case_id", on: sql, d)
        // The link to the case's follow-up page, from its typed path.
        let marker = "REFERENCE0MARKER"
        let link = Href.referralFollowUp(marker).path.components(separatedBy: marker)
        let title = Localiser.englishGB("followup.task.title") + " "
        let columns: SQLQueryString = caseColumn
            ? "(id, owner_id, title, link, due_on, source_key, created_at, case_id)" : "(id, owner_id, title, link, due_on, source_key, created_at)"
        let caseValue: SQLQueryString = caseColumn ? ", w.case_id" : ""
        // The wait starts at the submission, or at a later request to reconsider a negative
        // decision (`ReferralFollowUp.wait`); a reconsideration's windows carry its first day in
        // the source key (`r<day>-<n>`), so they never meet the windows of the first wait.
        let submitted = PathwayEventKind.referralSubmitted.rawValue, reconsidered = PathwayEventKind.reconsiderationRequested.rawValue
        struct Owner: Decodable { let owner_id: UUID }
        let owners = try await sql.raw("""
            INSERT INTO tasks \(columns)
            SELECT \(d.newID), w.owner_id, \(bind: title) || w.reference, \(bind: link.first ?? "") || w.reference || \(bind: link.last ?? ""),
                   \(bind: t), \(bind: "rg_chase:") || w.case_key || ':' || w.wait_key || CAST(w.n AS TEXT), \(bind: now)\(caseValue)
            FROM (SELECT c.id AS case_id, c.reference AS reference, \(worker) AS owner_id, \(d.idText("c")) AS case_key,
                         s.since AS submitted_on, (\(bind: t) - s.since) / \(bind: days) AS n,
                         CASE WHEN s.since > s.submitted THEN 'r' || CAST(s.since AS TEXT) || '-' ELSE '' END AS wait_key
                  FROM cases c
                  JOIN (SELECT e.case_id AS case_id, MAX(e.occurred_on) AS since,
                               MAX(CASE WHEN e.name = \(bind: submitted) THEN e.occurred_on END) AS submitted
                        FROM case_events e WHERE e.name IN (\(bind: submitted), \(bind: reconsidered))
                        GROUP BY e.case_id) s ON s.case_id = c.id
                  WHERE c.stage = \(bind: Stage.referralSubmitted.rawValue) AND c.erased_at IS NULL
                    AND \(bind: t) - s.since >= \(bind: days)) w
            JOIN users u ON u.id = w.owner_id AND u.disabled_at IS NULL
            WHERE NOT EXISTS (SELECT 1 FROM case_rg_chases r WHERE r.case_id = w.case_id
                              AND r.chased_on >= w.submitted_on + w.n * \(bind: days))
            ON CONFLICT (owner_id, source_key) DO NOTHING
            RETURNING owner_id
            """).all(decoding: Owner.self)
        var summary = Summary(tasks: owners.count)
        if caseColumn {
            // A decision that arrived (or a case erased) leaves nothing to chase: its open chase tasks are done.
            try await sql.raw("""
                UPDATE tasks SET done_at = \(bind: now)
                WHERE source_key LIKE 'rg_chase:%' AND done_at IS NULL
                  AND case_id IN (SELECT c.id FROM cases c WHERE c.stage <> \(bind: Stage.referralSubmitted.rawValue) OR c.erased_at IS NOT NULL)
                """).run()
        }
        for owner in Set(owners.map(\.owner_id)) {
            guard let user = try await User.find(owner, on: db), !user.isDisabled else { continue }
            if try await Outbox.enqueue(.taskAssigned, to: user.email, link: .tasks, organisationID: user.$organisation.id,
                                        services: services, on: db) { summary.emails += 1 }
        }
        return summary
    }

    /// Whether a column exists (another part's migration may add it later).
    static func hasColumn(_ table: String, _ column: String, on sql: any SQLDatabase, _ d: CaseAlertJob.Dialect) async throws -> Bool {
        struct Name: Decodable { let name: String }
        let query: SQLQueryString = d.isSQLite
            ? "SELECT name FROM pragma_table_info(\(bind: table)) WHERE name = \(bind: column)"
            : "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table) AND column_name = \(bind: column)"
        return try await sql.raw(query).first(decoding: Name.self) != nil
    }
}
