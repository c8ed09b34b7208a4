import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// Reads the rows the figures after the decision count: one SELECT per figure, every value a
/// bound parameter, each row with its case's record key so the release can give it its own
/// key (`AfterDecisionFigures.recordKey`). The shape of each figure — bands, categories, the
/// rules — is LanternCore's; here is only which rows fall in the period.
struct AfterDecisionRepository {
    let db: any Database
    let cipher: FieldCipher
    let today: Day
    let now: Date

    typealias F = AfterDecisionFigures

    /// The key of a row counted for a case, or nil for a damaged key (the row is not counted).
    private func key(_ row: any SQLRow, table: String, id: UUID) -> RecordKey? {
        guard let caseKey = try? row.decode(column: "record_key", as: Int.self) else { return nil }
        return F.recordKey(caseKey: caseKey, table: table, rowID: id.uuidString)
    }

    private func text(_ row: any SQLRow, _ column: String) -> String {
        ((try? row.decode(column: column, as: String?.self)) ?? nil) ?? ""
    }

    private func int(_ row: any SQLRow, _ column: String) -> Int? {
        (try? row.decode(column: column, as: Int?.self)) ?? nil
    }

    private func date(_ row: any SQLRow, _ column: String) -> Date? {
        (try? row.decode(column: column, as: Date?.self)) ?? nil
    }

    private var sql: any SQLDatabase {
        get throws {
            guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
            return sql
        }
    }

    /// The start of a day and of the day after another (UTC), for timestamp columns.
    private func bounds(_ question: F.Question) -> (Date, Date) {
        (Date(timeIntervalSince1970: TimeInterval(question.firstDay.daysSinceEpoch) * 86_400),
         Date(timeIntervalSince1970: TimeInterval(question.lastDay.daysSinceEpoch + 1) * 86_400))
    }

    private func rowKey(borough: String, day: Day, _ question: F.Question) -> String {
        question.rows == .borough ? borough : String(Quarter(containing: day).code)
    }

    /// Stays in B&B that began in the period, by length (an open stay counted to today), by the
    /// borough of the accommodation or the quarter the stay began.
    func bedAndBreakfast(_ question: F.Question) async throws -> [F.Counted] {
        let rows = try await sql.raw("""
            SELECT a.id AS id, a.from_day AS from_day, a.until_day AS until_day, a.borough_code AS borough, c.record_key AS record_key
            FROM case_accommodation a JOIN cases c ON c.id = a.case_id
            WHERE a.kind = \(bind: AccommodationKind.bedAndBreakfast.rawValue)
              AND a.from_day >= \(bind: question.firstDay.daysSinceEpoch) AND a.from_day <= \(bind: question.lastDay.daysSinceEpoch)
            """).all()
        return rows.compactMap { row in
            guard let id = try? row.decode(column: "id", as: UUID.self), let from = int(row, "from_day"),
                  let key = key(row, table: "case_accommodation", id: id) else { return nil }
            let start = Day(daysSinceEpoch: from)
            let days = F.stayLength(from: start, until: int(row, "until_day").map(Day.init(daysSinceEpoch:)), today: today)
            return F.Counted(row: rowKey(borough: text(row, "borough"), day: start, question), column: F.StayBand(days: days).rawValue, key: key)
        }
    }

    /// Cases whose move-on support ended in the period (and by today), by where the person was
    /// living on its last day.
    func moveOn(_ question: F.Question, moveOnDays: Int) async throws -> [F.Counted] {
        let entered = PathwayEventKind.recoveryNeedsAssessment.rawValue
        let earliest = question.firstDay.daysSinceEpoch - moveOnDays, latest = question.lastDay.daysSinceEpoch
        let cases = try await sql.raw("""
            SELECT c.id AS id, c.record_key AS record_key, c.borough_identified AS borough, c.closed_on AS closed_on,
                   MIN(e.occurred_on) AS entered
            FROM cases c JOIN case_events e ON e.case_id = c.id
            WHERE e.name = \(bind: entered) AND e.occurred_on >= \(bind: earliest) AND e.occurred_on <= \(bind: latest)
            GROUP BY c.id, c.record_key, c.borough_identified, c.closed_on
            """).all()
        let episodes = try await sql.raw("""
            SELECT a.case_id AS case_id, a.kind AS kind, a.from_day AS from_day, a.until_day AS until_day
            FROM case_accommodation a
            WHERE a.case_id IN (SELECT e.case_id FROM case_events e
                                WHERE e.name = \(bind: entered) AND e.occurred_on >= \(bind: earliest) AND e.occurred_on <= \(bind: latest))
            """).all()
        var byCase: [UUID: [F.Episode]] = [:]
        for row in episodes {
            guard let id = try? row.decode(column: "case_id", as: UUID.self), let from = int(row, "from_day") else { continue }
            byCase[id, default: []].append(F.Episode(kind: text(row, "kind"), from: Day(daysSinceEpoch: from),
                                                     until: int(row, "until_day").map(Day.init(daysSinceEpoch:))))
        }
        let settled = Set(AccommodationKind.allCases.filter(\.isSettled).map(\.rawValue))
        return cases.compactMap { row in
            guard let id = try? row.decode(column: "id", as: UUID.self), let start = int(row, "entered"),
                  let key = key(row, table: "move_on", id: id) else { return nil }
            let end = F.moveOnEnd(entered: Day(daysSinceEpoch: start), closedOn: int(row, "closed_on").map(Day.init(daysSinceEpoch:)),
                                  moveOnDays: moveOnDays)
            guard end >= question.firstDay, end <= question.lastDay, end <= today else { return nil }
            let outcome = F.outcome(on: end, episodes: byCase[id] ?? [], settledKinds: settled)
            return F.Counted(row: rowKey(borough: text(row, "borough"), day: end, question), column: outcome.rawValue, key: key)
        }
    }

    /// Alerts raised in the period, by the borough where the person was identified and kind.
    func alerts(_ question: F.Question) async throws -> [F.Counted] {
        let rows = try await sql.raw("""
            SELECT a.id AS id, a.kind AS kind, c.borough_identified AS borough, c.record_key AS record_key
            FROM case_alerts a JOIN cases c ON c.id = a.case_id
            WHERE a.raised_on >= \(bind: question.firstDay.daysSinceEpoch) AND a.raised_on <= \(bind: question.lastDay.daysSinceEpoch)
            """).all()
        return rows.compactMap { row in
            guard let id = try? row.decode(column: "id", as: UUID.self), let key = key(row, table: "case_alerts", id: id) else { return nil }
            return F.Counted(row: text(row, "borough"), column: text(row, "kind"), key: key)
        }
    }

    /// Safeguarding concerns raised in the period, by urgency and whether they were
    /// acknowledged by their deadline. A concern raised on its own (no case) is keyed by a
    /// keyed hash of its id, as secret as a case's key.
    func concerns(_ question: F.Question) async throws -> [F.Counted] {
        let (start, end) = bounds(question)
        let rows = try await sql.raw("""
            SELECT s.id AS id, s.urgency AS urgency, s.acknowledge_by AS acknowledge_by, s.acknowledged_at AS acknowledged_at,
                   c.record_key AS record_key
            FROM safeguarding_concerns s LEFT JOIN cases c ON c.id = s.case_id
            WHERE s.recorded_at >= \(bind: start) AND s.recorded_at < \(bind: end)
            """).all()
        return rows.compactMap { row in
            guard let id = try? row.decode(column: "id", as: UUID.self), let deadline = date(row, "acknowledge_by") else { return nil }
            let recordKey: RecordKey?
            if int(row, "record_key") != nil {
                recordKey = key(row, table: "safeguarding_concerns", id: id)
            } else {
                recordKey = F.recordKey(blindIndex: cipher.blindIndex(id.uuidString.lowercased(), purpose: "cell-key.safeguarding-concern"))
            }
            guard let recordKey else { return nil }
            let outcome = F.acknowledgement(deadline: deadline, acknowledgedAt: date(row, "acknowledged_at"))
            return F.Counted(row: text(row, "urgency"), column: outcome.rawValue, key: recordKey)
        }
    }

    /// Children's missing episodes that began in the period, by whether the return home
    /// interview was held within 72 hours of the return.
    func missingEpisodes(_ question: F.Question) async throws -> [F.Counted] {
        let (start, end) = bounds(question)
        let rows = try await sql.raw("""
            SELECT m.id AS id, m.from_at AS from_at, m.until_at AS until_at, m.rhi_held_at AS rhi_held_at,
                   c.borough_identified AS borough, c.record_key AS record_key
            FROM child_missing_episodes m JOIN cases c ON c.id = m.case_id
            WHERE m.from_at >= \(bind: start) AND m.from_at < \(bind: end)
            """).all()
        return rows.compactMap { row in
            guard let id = try? row.decode(column: "id", as: UUID.self), let from = date(row, "from_at"),
                  let key = key(row, table: "child_missing_episodes", id: id) else { return nil }
            let interview = F.returnInterview(returnedAt: date(row, "until_at"), heldAt: date(row, "rhi_held_at"), now: now)
            let day = Day(secondsSince1970: from.timeIntervalSince1970)
            return F.Counted(row: rowKey(borough: text(row, "borough"), day: day, question), column: interview.rawValue, key: key)
        }
    }
}
