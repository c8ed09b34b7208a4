import Fluent
import Foundation
import LanternCore
import SQLKit

/// The daily job `conference_actions` (`ScheduledJobs.conferenceActions`): every open action
/// past its due day and not chased since that day gives each of its owners (the person, or each
/// active member of the owning team) a chase task, once per action and due date (source key
/// `conf_action_chase:<id>:<due>`), and is marked chased. Two statements for every action at
/// once (`INSERT … SELECT … ON CONFLICT DO NOTHING`, then `UPDATE`), on SQLite and PostgreSQL;
/// then one "a task is waiting" email per person given a new chase.
enum ConferenceChaseJob {
    struct Summary: Sendable {
        var chased = 0
        var tasks = 0
        var emails = 0
        var text: String { "actions_chased=\(chased) tasks_created=\(tasks) emails=\(emails)" }
    }

    private struct Count: Decodable { let n: Int }

    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> Summary {
        guard let sql = db as? any SQLDatabase else { throw LanternError.notFound }
        let isSQLite = sql.dialect.name == "sqlite"
        let t = today.daysSinceEpoch, now = services.now
        let newID: SQLQueryString = isSQLite
            ? "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
            : "gen_random_uuid()"
        // The action's id as `uuidString.lowercased()` on both (SQLite keeps ids as upper-case text).
        let idText: SQLQueryString = isSQLite ? "lower(a.id)" : "CAST(a.id AS TEXT)"
        let linkPrefix = String(Href.conferenceAction("x").path.dropLast())
        let title = Localiser.englishGB("conference-outcomes.task.chase", ["reference": ""])
        let due: SQLQueryString = "a.state = \(bind: ConferenceActionState.open.rawValue) AND a.due_on < \(bind: t) AND (a.chased_on IS NULL OR a.chased_on <= a.due_on)"
        let before = try await sql.raw("SELECT COUNT(*) AS n FROM tasks").first(decoding: Count.self)?.n ?? 0
        let chased = try await sql.raw("SELECT COUNT(*) AS n FROM conference_actions a WHERE \(due)").first(decoding: Count.self)?.n ?? 0
        try await sql.raw("""
            INSERT INTO tasks (id, owner_id, title, link, due_on, source_key, created_at)
            SELECT \(newID), u.id, \(bind: title) || c.reference, \(bind: linkPrefix) || \(idText), \(bind: t),
                   \(bind: ConferenceActionRules.chaseSourcePrefix) || \(idText) || ':' || CAST(a.due_on AS TEXT), \(bind: now)
            FROM conference_actions a JOIN cases c ON c.id = a.case_id
            JOIN users u ON u.disabled_at IS NULL AND (u.id = a.owner_user_id
                 OR (a.owner_team_id IS NOT NULL AND EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = a.owner_team_id AND m.user_id = u.id)))
            WHERE \(due)
            ON CONFLICT (owner_id, source_key) DO NOTHING
            """).run()
        try await sql.raw("UPDATE conference_actions SET chased_on = \(bind: t) WHERE id IN (SELECT a.id FROM conference_actions a WHERE \(due))").run()
        var summary = Summary(chased: chased)
        summary.tasks = (try await sql.raw("SELECT COUNT(*) AS n FROM tasks").first(decoding: Count.self)?.n ?? 0) - before
        guard summary.tasks > 0 else { return summary }
        struct Owner: Decodable { let owner_id: UUID }
        let owners = try await sql.raw("""
            SELECT DISTINCT owner_id FROM tasks WHERE created_at = \(bind: now) AND source_key LIKE \(bind: ConferenceActionRules.chaseSourcePrefix + "%")
            """).all(decoding: Owner.self)
        for owner in owners {
            guard let user = try await User.find(owner.owner_id, on: db), !user.isDisabled else { continue }
            if try await Outbox.enqueue(.taskAssigned, to: user.email, link: .tasks, organisationID: user.$organisation.id,
                                        services: services, on: db) { summary.emails += 1 }
        }
        return summary
    }
}
