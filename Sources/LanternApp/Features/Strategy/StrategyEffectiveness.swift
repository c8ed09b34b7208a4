import Fluent
import Foundation
import SQLKit
import LanternCore

/// The board effectiveness figures of one group for one financial year, read from the
/// governance records (meetings and attendance, actions, terms of reference, minutes, read
/// by table name) and worked out by `Effectiveness` in LanternCore.
struct EffectivenessFigures: Sendable {
    var year: IndicatorPeriod
    var attendance: [(organisation: String, fraction: Fraction)]
    var actionsOnTime: Fraction
    var termsOnTime: Fraction
    var minutesInTime: Fraction
    var minutesDays: Int

    static func load(groupID: UUID, year: IndicatorPeriod, today: Day, minutesDays: Int = Effectiveness.defaultMinutesPublicationDays,
                     on db: any Database) async throws -> EffectivenessFigures {
        guard let sql = db as? any SQLDatabase else { throw LanternError.conflict("this database cannot hold governance records") }
        let span = DaySpan(year)
        // Held meetings that started in the year (the day in UTC, as meetings are stored).
        let meetings = try await sql.select().columns("id", "starts_at").from("governance_meetings")
            .where("group_id", .equal, SQLBind(groupID)).where("status", .equal, SQLBind("held")).all()
        var held = Set<String>()
        for row in meetings {
            let startsAt = try row.decode(column: "starts_at", as: Date.self)
            if span.contains(Day(secondsSince1970: startsAt.timeIntervalSince1970)) {
                held.insert(try row.decode(column: "id", as: UUID.self).uuidString)
            }
        }
        var lines: [Effectiveness.AttendanceLine] = []
        if !held.isEmpty {
            let rows = try await sql.select().columns("meeting_id", "organisation_name", "status").from("governance_attendance")
                .where("meeting_id", .in, SQLGroupExpression(held.compactMap(UUID.init(exactly:)).map { SQLBind($0) })).all()
            lines = try rows.map { row in
                Effectiveness.AttendanceLine(meetingID: try row.decode(column: "meeting_id", as: UUID.self).uuidString,
                                             organisation: try row.decode(column: "organisation_name", as: String.self),
                                             present: try row.decode(column: "status", as: String.self) == "present")
            }
        }
        let actions = try await StrategyStore.actions(ids: nil, groupID: groupID, on: db).map {
            Effectiveness.ActionLine(dueOn: $0.dueOn, doneOn: $0.doneOn, dropped: $0.status == .dropped)
        }
        let terms = try await sql.select().columns("version", "approved_on", "next_review_on").from("governance_terms")
            .where("group_id", .equal, SQLBind(groupID)).all().map { row in
                Effectiveness.TermsVersion(version: try row.decode(column: "version", as: Int.self),
                                           approvedOn: Day(daysSinceEpoch: try row.decode(column: "approved_on", as: Int.self)),
                                           nextReviewOn: Day(daysSinceEpoch: try row.decode(column: "next_review_on", as: Int.self)))
            }
        // The first approval of each meeting's minutes (a correction is a later version and
        // is not a new approval to publish).
        let minutesRows = try await sql.select()
            .column(SQLColumn("meeting_id", table: "governance_minutes")).column(SQLColumn("version", table: "governance_minutes"))
            .column(SQLColumn("approved_on", table: "governance_minutes")).column(SQLColumn("published_on", table: "governance_minutes"))
            .from("governance_minutes")
            .join("governance_meetings", on: SQLColumn("meeting_id", table: "governance_minutes"), .equal, SQLColumn("id", table: "governance_meetings"))
            .where(SQLColumn("group_id", table: "governance_meetings"), .equal, SQLBind(groupID))
            .where(SQLColumn("approved_on", table: "governance_minutes"), .isNot, SQLLiteral.null)
            .orderBy(SQLColumn("version", table: "governance_minutes")).all()
        var firstApproval: [UUID: Effectiveness.MinutesLine] = [:]
        for row in minutesRows {
            let meeting = try row.decode(column: "meeting_id", as: UUID.self)
            guard firstApproval[meeting] == nil else { continue }
            firstApproval[meeting] = Effectiveness.MinutesLine(
                approvedOn: Day(daysSinceEpoch: try row.decode(column: "approved_on", as: Int.self)),
                publishedOn: try row.decode(column: "published_on", as: Int?.self).map(Day.init(daysSinceEpoch:)))
        }
        return EffectivenessFigures(
            year: year,
            attendance: Effectiveness.attendanceByOrganisation(lines, heldMeetings: held),
            actionsOnTime: Effectiveness.actionsDoneOnTime(actions, in: span),
            termsOnTime: Effectiveness.termsReviewedOnTime(terms, in: span, today: today),
            minutesInTime: Effectiveness.minutesPublishedWithin(minutesDays, Array(firstApproval.values), in: span, today: today),
            minutesDays: minutesDays)
    }
}

/// The yearly impact summary of a strategy: per priority, its objectives with their linked
/// actions done, open and overdue in the year, and each indicator at the start and the end
/// of the year. The year is the financial year, April to March, as the partnership's bodies
/// (councils, the Met, the NHS) report, and four whole NRM quarters (Q2 to Q1 of the next year).
struct ImpactSummary: Sendable {
    struct Objective: Sendable {
        var title: String
        var done: Int
        var open: Int
        var overdue: Int
        var indicators: [(indicator: StrategyTree.Indicator, start: IndicatorReading, end: IndicatorReading)]
    }
    struct Priority: Sendable {
        var title: String
        var objectives: [Objective]
    }
    var year: IndicatorPeriod
    var priorities: [Priority]

    init(tree: StrategyTree, year: IndicatorPeriod, today: Day) {
        self.year = year
        let span = DaySpan(year)
        priorities = tree.priorities.map { priority in
            Priority(title: priority.model.title, objectives: priority.objectives.map { objective in
                let active = objective.actions.filter { !$0.status.isClosed && $0.dueOn <= span.last }
                let overdue = active.filter { $0.dueOn < today }
                return Objective(
                    title: objective.model.title,
                    done: objective.actions.filter { $0.status == .done && ($0.doneOn.map(span.contains) ?? false) }.count,
                    open: active.count - overdue.count, overdue: overdue.count,
                    indicators: objective.indicators.map { indicator in
                        if indicator.latest == .unavailable { return (indicator, .unavailable, .unavailable) }
                        let before = IndicatorFigures.latest(indicator.readings, endingBy: span.first.adding(days: -1))
                        let during = IndicatorFigures.latest(indicator.readings.filter { ($0.period?.lastDay).map(span.contains) ?? false })
                        return (indicator, before, during)
                    })
            })
        }
    }
}
