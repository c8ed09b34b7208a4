import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// What the children's pathway holds for one case, read together: its row (nil until something
/// is recorded), the checklist by item, the missing episodes (newest first), and whether the
/// case's borough has an Independent Child Trafficking Guardian service.
struct ChildPathway {
    var record: ChildRecord?
    var checklist: [ChildChecklistItem: ChildChecklistEntry]
    var episodes: [ChildMissingEpisode]
    var ictgAvailable: Bool

    var applicable: [ChildChecklistItem] { ChildChecklistItem.applicable(ictgAvailable: ictgAvailable) }
    var openEpisode: ChildMissingEpisode? { episodes.first { $0.untilAt == nil } }

    /// The checklist's standing at `now`, once the clock has started.
    func standing(now: Date) -> (due: Date, outstanding: [ChildChecklistItem], countdown: Countdown?)? {
        guard let start = record?.cameIntoContactAt else { return nil }
        let standing = FirstHours.standing(start: start, items: checklist.mapValues(\.state), applicable: applicable, now: now)
        return (FirstHours.due(from: start), standing.outstanding, standing.countdown)
    }

    /// Episodes whose return home interview is overdue at `now` (returned, not held, past 72 hours).
    func overdueInterviews(now: Date) -> [ChildMissingEpisode] {
        episodes.filter {
            if case .waiting(let countdown) = MissingEpisodeRules.interview($0.times, now: now) { return countdown.isOverdue }
            return false
        }
    }

    /// Whether the case's borough (where the child was identified) has a guardian service.
    static func ictgAvailable(for record: CaseRecord, settings: LanternSettings) -> Bool {
        record.boroughIdentified.map(settings.ictgBoroughs.contains) ?? false
    }

    static func load(_ record: CaseRecord, settings: LanternSettings, on db: any Database) async throws -> ChildPathway {
        let caseID = try record.requireID()
        let row = try await ChildRecord.query(on: db).filter(\.$caseID == caseID).first()
        let entries = try await ChildChecklistEntry.query(on: db).filter(\.$caseID == caseID).all()
        let episodes = try await ChildMissingEpisode.query(on: db).filter(\.$caseID == caseID)
            .sort(\.$fromAt, .descending).all()
        var checklist: [ChildChecklistItem: ChildChecklistEntry] = [:]
        for entry in entries { if let item = ChildChecklistItem(rawValue: entry.item) { checklist[item] = entry } }
        return ChildPathway(record: row, checklist: checklist, episodes: episodes,
                            ictgAvailable: ictgAvailable(for: record, settings: settings))
    }

    /// The case's row of the pathway inside a write's transaction: made if missing (one
    /// statement; two first writers leave one row) and then touched, which takes its row lock
    /// in PostgreSQL (SQLite's write lock is already held), so writes to one child's pathway
    /// queue and each sees the last one's episodes.
    static func lockedRow(for record: CaseRecord, by userID: UUID, at now: Date, on tx: any Database) async throws -> ChildRecord {
        let caseID = try record.requireID()
        guard let sql = tx as? any SQLDatabase else { throw LanternError.conflict("The children's pathway needs an SQL database.") }
        let criminal = record.exploitationTypes.contains { $0.type == ExploitationType.criminal.rawValue }
        try await sql.raw("""
            INSERT INTO case_children (id, case_id, county_lines, criminal_exploitation, recorded_by, recorded_at, updated_by, updated_at)
            VALUES (\(bind: UUID()), \(bind: caseID), \(bind: record.countyLines), \(bind: criminal), \(bind: userID), \(bind: now), \(bind: userID), \(bind: now))
            ON CONFLICT (case_id) DO NOTHING
            """).run()
        try await sql.raw("UPDATE case_children SET updated_by = \(bind: userID), updated_at = \(bind: now) WHERE case_id = \(bind: caseID)").run()
        guard let row = try await ChildRecord.query(on: tx).filter(\.$caseID == caseID).first() else { throw LanternError.notFound }
        return row
    }
}
