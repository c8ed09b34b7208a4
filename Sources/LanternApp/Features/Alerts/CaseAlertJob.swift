import Fluent
import Foundation
import LanternCore
import SQLKit

/// The daily alert sweep (`ScheduledJobs.caseAlerts`): for each kind, one set-based
/// `INSERT … SELECT … ON CONFLICT DO NOTHING` over every open case (not closed, not erased)
/// asks what `AlertRules.alerts(for:today:)` asks of one case; the unique (case, kind, window)
/// keeps each alert to one. Then one statement gives the case's worker and second worker
/// (`cases.worker_id`, or `created_by` on a case older than workers, and `second_worker_id`) and
/// every active modern slavery lead of the case's organisation a task per alert raised today
/// (source key `alert:<id>`: one per person however often it runs), and each person who got a
/// new task one "a task is waiting" email. Works on SQLite and PostgreSQL; no row-by-row loop.
enum CaseAlertJob {
    struct Summary: Sendable {
        var raised: [AlertKind: Int] = [:]
        var tasks = 0
        var emails = 0
        var text: String {
            "alerts=\(raised.values.reduce(0, +)) tasks_created=\(tasks) emails=\(emails)"
        }
    }

    /// Raises today's alerts and gives their tasks.
    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> Summary {
        var summary = try await raise(today: today, now: services.now, defaultNoContactDays: services.settings.noContactAlertDays, on: db)
        let tasks = try await giveTasks(today: today, services: services, on: db)
        summary.tasks = tasks.tasks
        summary.emails = tasks.emails
        return summary
    }

    /// The set-based raising, one statement per kind; a kind whose tables are missing is skipped.
    static func raise(today: Day, now: Date, defaultNoContactDays: Int, on db: any Database) async throws -> Summary {
        guard let sql = db as? any SQLDatabase else { throw LanternError.notFound }
        let d = Dialect(sql)
        let t = today.daysSinceEpoch
        let open: SQLQueryString = "c.stage <> 'closed' AND c.erased_at IS NULL"
        let insert: SQLQueryString = "INSERT INTO case_alerts (id, case_id, kind, window_key, raised_on, raised_at, organisation_id, state)"
        let conflict: SQLQueryString = "ON CONFLICT (case_id, kind, window_key) DO NOTHING"
        var statements: [(AlertKind, SQLQueryString)] = []
        statements.append((.bedAndBreakfast42Days, """
            \(insert) SELECT \(d.newID), c.id, \(bind: AlertKind.bedAndBreakfast42Days.rawValue), \(d.idText("a")), \(bind: t), \(bind: now), c.organisation_id, 'open'
            FROM case_accommodation a JOIN cases c ON c.id = a.case_id
            WHERE \(open) AND a.kind = \(bind: AlertRules.bedAndBreakfastKind) AND a.from_day <= \(bind: t)
              AND (a.until_day IS NULL OR a.until_day > \(bind: t)) AND a.from_day < \(bind: t - AlertRules.bedAndBreakfastDays)
            \(conflict)
            """))
        statements.append((.moveOnEndingUnsettled, """
            \(insert) SELECT \(d.newID), c.id, \(bind: AlertKind.moveOnEndingUnsettled.rawValue), CAST(c.due_on AS TEXT), \(bind: t), \(bind: now), c.organisation_id, 'open'
            FROM cases c
            WHERE \(open) AND c.stage = \(bind: Stage.moveOn.rawValue) AND c.due_on IS NOT NULL AND c.due_on <= \(bind: t + AlertRules.moveOnNoticeDays)
              AND NOT EXISTS (SELECT 1 FROM case_accommodation a WHERE a.case_id = c.id
                  AND a.kind IN (\(binds: AlertRules.settledKinds.sorted())) AND a.from_day <= \(bind: t)
                  AND (a.until_day IS NULL OR a.until_day > \(bind: t)))
            \(conflict)
            """))
        statements.append((.noContact, """
            \(insert) SELECT \(d.newID), l.id, \(bind: AlertKind.noContact.rawValue), CAST(l.last_day AS TEXT), \(bind: t), \(bind: now), l.organisation_id, 'open'
            FROM (SELECT c.id, c.organisation_id,
                         COALESCE((SELECT MAX(k.contact_on) FROM case_contacts k WHERE k.case_id = c.id
                                     AND k.method <> \(bind: AlertRules.attemptedContact) AND k.contact_on <= \(bind: t)), c.identified_on) AS last_day,
                         COALESCE(o.no_contact_alert_days, \(bind: defaultNoContactDays)) AS days
                  FROM cases c JOIN organisations o ON o.id = c.organisation_id
                  WHERE \(open)) l
            WHERE \(bind: t) - l.last_day >= l.days
            \(conflict)
            """))
        statements.append((.nrpfWithoutSupport, """
            \(insert) SELECT \(d.newID), c.id, \(bind: AlertKind.nrpfWithoutSupport.rawValue), \(d.idText("s")), \(bind: t), \(bind: now), c.organisation_id, 'open'
            FROM case_status s JOIN cases c ON c.id = s.case_id
            WHERE \(open) AND s.nrpf = \(bind: true) AND s.from_day <= \(bind: t)
              AND NOT EXISTS (SELECT 1 FROM case_status n WHERE n.case_id = s.case_id AND n.from_day <= \(bind: t)
                  AND (n.from_day > s.from_day OR (n.from_day = s.from_day AND (n.recorded_at > s.recorded_at
                       OR (n.recorded_at = s.recorded_at AND n.id > s.id)))))
              AND NOT EXISTS (SELECT 1 FROM case_support p WHERE p.case_id = c.id AND p.from_day <= \(bind: t)
                  AND (p.until_day IS NULL OR p.until_day > \(bind: t)))
            \(conflict)
            """))
        let month = AlertRules.monthIndex(today)
        statements.append((.childTurning18, """
            \(insert) SELECT \(d.newID), c.id, \(bind: AlertKind.childTurning18.rawValue), \(bind: AlertRules.caseWindow), \(bind: t), \(bind: now), c.organisation_id, 'open'
            FROM case_children ch JOIN cases c ON c.id = ch.case_id
            WHERE \(open) AND c.age_group <> \(bind: AgeGroup.adult.rawValue) AND ch.turns_18_month IS NOT NULL
              AND (ch.turns_18_month / 100) * 12 + (ch.turns_18_month % 100) BETWEEN \(bind: month) AND \(bind: month + AlertRules.transitionNoticeMonths)
            \(conflict)
            """))
        let present = try await tables(on: sql, d)
        var summary = Summary()
        for (kind, statement) in statements where kind.tables.isSubset(of: present) {
            let before = try await count(kind, today: t, on: sql)
            try await sql.raw(statement).run()
            summary.raised[kind] = try await count(kind, today: t, on: sql) - before
        }
        return summary
    }

    /// Tasks for today's alerts: the case's worker and the organisation's active leads, each
    /// once per alert; one email to each person given a new task by this run.
    static func giveTasks(today: Day, services: LanternServices, on db: any Database) async throws -> (tasks: Int, emails: Int) {
        guard let sql = db as? any SQLDatabase else { throw LanternError.notFound }
        let d = Dialect(sql)
        let t = today.daysSinceEpoch, now = services.now
        let english = Localiser.englishGB
        var title: SQLQueryString = "CASE a.kind"
        for kind in AlertKind.allCases {
            title = title + " WHEN \(bind: kind.rawValue) THEN \(bind: kind.taskTitle(english) + " ")"
        }
        title = title + " ELSE '' END || c.reference"
        let lead = "%,\(Role.modernSlaveryLead.rawValue),%"
        let before = try await taskCount(on: sql)
        try await sql.raw("""
            INSERT INTO tasks (id, owner_id, title, link, due_on, source_key, created_at)
            SELECT \(d.newID), u.id, \(title), '/cases/' || c.reference, \(bind: t), 'alert:' || \(d.idText("a")), \(bind: now)
            FROM case_alerts a JOIN cases c ON c.id = a.case_id
            JOIN users u ON u.disabled_at IS NULL AND (u.id = COALESCE(c.worker_id, c.created_by) OR u.id = c.second_worker_id
                 OR (u.organisation_id = a.organisation_id AND ',' || u.roles || ',' LIKE \(bind: lead)))
            WHERE a.raised_on = \(bind: t) AND a.state = 'open'
            ON CONFLICT (owner_id, source_key) DO NOTHING
            """).run()
        let tasks = try await taskCount(on: sql) - before
        guard tasks > 0 else { return (0, 0) }
        struct Owner: Decodable { let owner_id: UUID }
        let owners = try await sql.raw("""
            SELECT DISTINCT owner_id FROM tasks WHERE created_at = \(bind: now) AND source_key LIKE 'alert:%'
            """).all(decoding: Owner.self)
        var emails = 0
        for owner in owners {
            guard let user = try await User.find(owner.owner_id, on: db), !user.isDisabled else { continue }
            if try await Outbox.enqueue(.taskAssigned, to: user.email, link: .tasks, organisationID: user.$organisation.id,
                                        services: services, on: db) { emails += 1 }
        }
        return (tasks, emails)
    }

    private struct Count: Decodable { let n: Int }

    private static func count(_ kind: AlertKind, today: Int, on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM case_alerts WHERE raised_on = \(bind: today) AND kind = \(bind: kind.rawValue)")
            .first(decoding: Count.self)?.n ?? 0
    }

    private static func taskCount(on sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM tasks").first(decoding: Count.self)?.n ?? 0
    }

    /// The tables present, of those the kinds read (others add theirs in their migrations).
    private static func tables(on sql: any SQLDatabase, _ d: Dialect) async throws -> Set<String> {
        struct Name: Decodable { let name: String }
        let names = AlertKind.allCases.reduce(into: Set<String>()) { $0.formUnion($1.tables) }.sorted()
        let query: SQLQueryString = d.isSQLite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (\(binds: names))"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN (\(binds: names))"
        return Set(try await sql.raw(query).all(decoding: Name.self).map(\.name))
    }

    /// What differs between SQLite and PostgreSQL here: making an id, and an id as text.
    struct Dialect {
        let isSQLite: Bool
        init(_ sql: any SQLDatabase) { isSQLite = sql.dialect.name == "sqlite" }
        /// A new random id: SQLite keeps ids as text like Swift's `uuidString`.
        var newID: SQLQueryString {
            isSQLite
                ? "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
                : "gen_random_uuid()"
        }
        /// An id as 32 lowercase hex digits (no hyphens), on both: `CaseAlertJob.idText(_:)`.
        func idText(_ table: String) -> SQLQueryString {
            let column = SQLColumn("id", table: table)
            return isSQLite ? "lower(replace(\(column), '-', ''))" : "replace(CAST(\(column) AS TEXT), '-', '')"
        }
    }

    /// The window key of an alert whose window is a row (a stay, a status record).
    static func idText(_ id: UUID) -> String { id.uuidString.lowercased().replacingOccurrences(of: "-", with: "") }
}

extension AlertKind {
    /// The task's title before the case reference (English: tasks and emails are in English).
    func taskTitle(_ l: Localiser) -> String {
        switch self {
        case .bedAndBreakfast42Days: l("alerts.task.bed_and_breakfast_42_days")
        case .moveOnEndingUnsettled: l("alerts.task.move_on_ending_unsettled")
        case .noContact: l("alerts.task.no_contact")
        case .nrpfWithoutSupport: l("alerts.task.nrpf_without_support")
        case .childTurning18: l("alerts.task.child_turning_18")
        }
    }

    /// What the alert says, on the case and in the list.
    func label(_ l: Localiser) -> String {
        switch self {
        case .bedAndBreakfast42Days: l("alerts.kind.bed_and_breakfast_42_days")
        case .moveOnEndingUnsettled: l("alerts.kind.move_on_ending_unsettled")
        case .noContact: l("alerts.kind.no_contact")
        case .nrpfWithoutSupport: l("alerts.kind.nrpf_without_support")
        case .childTurning18: l("alerts.kind.child_turning_18")
        }
    }

    /// The tables (besides cases and organisations) the kind's statement reads.
    var tables: Set<String> {
        switch self {
        case .bedAndBreakfast42Days, .moveOnEndingUnsettled: ["case_accommodation"]
        case .noContact: ["case_contacts"]
        case .nrpfWithoutSupport: ["case_status", "case_support"]
        case .childTurning18: ["case_children"]
        }
    }
}
