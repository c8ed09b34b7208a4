import Fluent
import Foundation
import LanternCore
import SQLKit

/// Where a signed-in person stands against the training requirements on the day: what they
/// hold, what they are exempted from, and when a qualification they lack last counted.
struct TrainingPosition: Sendable, Equatable {
    var standing = TrainingStanding.nothing
    /// Qualifications needed and not held, each with the last day a completion of it counted
    /// (nil: they never held one).
    var lapsed: [String: Day?] = [:]
}

/// Reads a person's position in two small queries, only when some requirement applies to one
/// of their roles (otherwise nothing is asked and nothing is held back).
enum TrainingStandingLoader {
    static func position(of userID: UUID, roles: Set<Role>, policy: AccessPolicy, today: Day,
                         on db: any Database) async throws -> TrainingPosition {
        let needed = policy.requirements.qualifications(for: roles)
        guard !needed.isEmpty, let sql = db as? any SQLDatabase else { return TrainingPosition() }
        // Per qualification, the latest day any of the person's completions of it counts to.
        let never = Int(Int32.max)
        let rows = try await sql.raw("""
            SELECT c.qualification AS q, MAX(COALESCE(tc.valid_until, \(literal: never))) AS until_day
            FROM training_completions tc JOIN training_courses c ON c.id = tc.course_id
            WHERE tc.user_id = \(bind: userID) AND c.qualification IN (\(binds: needed.sorted()))
            GROUP BY c.qualification
            """).all()
        var position = TrainingPosition()
        var lastDay: [String: Int] = [:]
        for row in rows {
            lastDay[try row.decode(column: "q", as: String.self)] = try row.decode(column: "until_day", as: Int.self)
        }
        for qualification in needed {
            if let last = lastDay[qualification], last >= today.daysSinceEpoch {
                position.standing.qualifications.insert(qualification)
            } else {
                position.lapsed[qualification] = lastDay[qualification].map(Day.init(daysSinceEpoch:))
            }
        }
        let exemptions = try await sql.raw("""
            SELECT action FROM training_exemptions
            WHERE user_id = \(bind: userID) AND revoked_at IS NULL AND until_day >= \(bind: today.daysSinceEpoch)
            """).all()
        for row in exemptions {
            if let action = Action(rawValue: try row.decode(column: "action", as: String.self)) { position.standing.exemptions.insert(action) }
        }
        return position
    }

    /// The qualifications each of an organisation's people holds today, in one statement (the
    /// exemptions page lists them all).
    static func qualificationsHeld(inOrganisation organisationID: UUID, among qualifications: Set<String>, today: Day,
                                   on db: any Database) async throws -> [UUID: Set<String>] {
        guard !qualifications.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT DISTINCT tc.user_id AS u, c.qualification AS q
            FROM training_completions tc JOIN training_courses c ON c.id = tc.course_id JOIN users p ON p.id = tc.user_id
            WHERE p.organisation_id = \(bind: organisationID) AND c.qualification IN (\(binds: qualifications.sorted()))
            AND (tc.valid_until IS NULL OR tc.valid_until >= \(bind: today.daysSinceEpoch))
            """).all()
        var held: [UUID: Set<String>] = [:]
        for row in rows {
            held[try row.decode(column: "u", as: UUID.self), default: []].insert(try row.decode(column: "q", as: String.self))
        }
        return held
    }
}
