import Fluent
import Foundation
import LanternCore
import SQLKit

/// The daily job `share_answers` (`ScheduledJobs.shareAnswers`): shares still awaiting an
/// answer past their answer-by day, and still in force, are chased once, a task for each
/// person of the recipient who may answer (the organisation's active leads, or the team's
/// active members for a share to a team; source key `share_chase:<id>`), and, a further
/// `ShareAnswerRules.escalationWorkingDays` working days on, escalated once to the sharer's
/// organisation's active leads (`share_escalation:<id>`). Set-based: one INSERT … SELECT of
/// tasks and one UPDATE marking the shares per step, on SQLite and PostgreSQL; each person
/// given a new task gets one "a task is waiting" email.
enum ShareChase {
    struct Summary: Sendable, Equatable {
        var chased = 0
        var escalated = 0
        var tasks = 0
        var emails = 0
        var text: String { "chased=\(chased) escalated=\(escalated) tasks_created=\(tasks) emails=\(emails)" }
    }

    private struct Count: Decodable { let n: Int }

    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> Summary {
        let now = services.now, t = today.daysSinceEpoch
        let cutOff = ShareAnswerRules.latestDueEscalatedOn(today, holidays: CaseService.limits.holidays).daysSinceEpoch
        let english = Localiser.englishGB
        let lead = "%,\(Role.modernSlaveryLead.rawValue),%"
        var summary = try await db.transaction { tx -> Summary in
            guard let sql = tx as? any SQLDatabase else { throw LanternError.notFound }
            let d = CaseAlertJob.Dialect(sql)
            let newID = d.newID
            let idText: SQLQueryString = "upper(CAST(s.id AS TEXT))"
            // Awaiting, in force today (not withdrawn, within its days, its consent in force), case not erased.
            let waiting: SQLQueryString = """
                s.answer_state = 'awaiting' AND s.revoked_at IS NULL AND s.starts_on <= \(bind: t) AND s."until" >= \(bind: t)
                AND s.answer_due_on IS NOT NULL AND c.erased_at IS NULL
                AND EXISTS (SELECT 1 FROM consent_records k WHERE k.id = s.consent_id AND k.withdrawn_on IS NULL
                            AND k.given_on <= \(bind: t) AND k.valid_until >= \(bind: t))
                """
            let before = try await sql.raw("SELECT COUNT(*) AS n FROM tasks").first(decoding: Count.self)?.n ?? 0
            // The chase: the recipient's people who may answer.
            try await sql.raw("""
                INSERT INTO tasks (id, owner_id, title, link, due_on, source_key, created_at)
                SELECT \(newID), u.id, \(bind: english("shareanswers.task.chase") + " ") || c.reference, '/shared/' || CAST(s.id AS TEXT),
                       \(bind: t), 'share_chase:' || \(idText), \(bind: now)
                FROM case_shares s JOIN cases c ON c.id = s.case_id
                JOIN users u ON u.disabled_at IS NULL AND u.organisation_id = s.organisation_id
                     AND ((s.team_id IS NULL AND ',' || u.roles || ',' LIKE \(bind: lead))
                          OR (s.team_id IS NOT NULL AND EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = s.team_id AND m.user_id = u.id)))
                WHERE \(waiting) AND s.chased_on IS NULL AND s.answer_due_on < \(bind: t)
                ON CONFLICT (owner_id, source_key) DO NOTHING
                """).run()
            let chased = try await sql.raw("""
                UPDATE case_shares SET chased_on = \(bind: t)
                WHERE id IN (SELECT s.id FROM case_shares s JOIN cases c ON c.id = s.case_id
                             WHERE \(waiting) AND s.chased_on IS NULL AND s.answer_due_on < \(bind: t))
                RETURNING id
                """).all().count
            // The escalation: the sharer's organisation's leads.
            try await sql.raw("""
                INSERT INTO tasks (id, owner_id, title, link, due_on, source_key, created_at)
                SELECT \(newID), u.id, \(bind: english("shareanswers.task.escalation") + " ") || c.reference,
                       '/cases/' || c.reference || '#share-answers', \(bind: t), 'share_escalation:' || \(idText), \(bind: now)
                FROM case_shares s JOIN cases c ON c.id = s.case_id
                JOIN users u ON u.disabled_at IS NULL AND u.organisation_id = c.organisation_id AND ',' || u.roles || ',' LIKE \(bind: lead)
                WHERE \(waiting) AND s.escalated_at IS NULL AND s.answer_due_on <= \(bind: cutOff)
                ON CONFLICT (owner_id, source_key) DO NOTHING
                """).run()
            let escalated = try await sql.raw("""
                UPDATE case_shares SET escalated_at = \(bind: now)
                WHERE id IN (SELECT s.id FROM case_shares s JOIN cases c ON c.id = s.case_id
                             WHERE \(waiting) AND s.escalated_at IS NULL AND s.answer_due_on <= \(bind: cutOff))
                RETURNING id
                """).all().count
            let after = try await sql.raw("SELECT COUNT(*) AS n FROM tasks").first(decoding: Count.self)?.n ?? 0
            return Summary(chased: chased, escalated: escalated, tasks: after - before)
        }
        guard summary.tasks > 0 else { return summary }
        struct Owner: Decodable { let owner_id: UUID }
        guard let sql = db as? any SQLDatabase else { return summary }
        let owners = try await sql.raw("""
            SELECT DISTINCT owner_id FROM tasks WHERE created_at = \(bind: now)
              AND (source_key LIKE 'share_chase:%' OR source_key LIKE 'share_escalation:%')
            """).all(decoding: Owner.self)
        for owner in owners {
            guard let user = try await User.find(owner.owner_id, on: db), !user.isDisabled else { continue }
            if try await Outbox.enqueue(.taskAssigned, to: user.email, link: .tasks, organisationID: user.$organisation.id,
                                        services: services, on: db) { summary.emails += 1 }
        }
        return summary
    }
}
