import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

extension LanternSettings {
    /// The retention periods the rules apply (`LANTERN_RETENTION_YEARS_*`).
    var retentionPeriods: RetentionPeriods {
        RetentionPeriods(yearsAfterClosure: retentionYearsAfterClosure, yearsForDutyToNotify: retentionYearsDutyToNotify)
    }
}

/// The daily retention job (and `lantern retention erase-due`): erases every case whose
/// erase-on date has come and that no legal hold keeps, each in its own transaction with its
/// audit entry, then asks the database to let go of what it still holds of the destroyed keys.
enum RetentionSweep {
    struct Result: Sendable, Equatable {
        var erased = 0
        /// Due, but kept by a legal hold.
        var held = 0
        var summary: String { "erased=\(erased) held=\(held)" }
    }

    static let pageSize = 500

    static func run(services: LanternServices, today: Day, requestID: String, on database: any Database) async throws -> Result {
        guard let sql = database as? any SQLDatabase else { return Result() }
        let periods = services.settings.retentionPeriods
        var result = Result()
        for kind in RetainedRecordKind.allCases {
            let cutOff = RetentionRules.latestClosureDue(by: today, kind: kind, periods: periods).daysSinceEpoch
            let notified = kind == .dutyToNotifyCase
            var after: UUID?
            while true {
                let page: SQLQueryString = after.map { " AND id > \(bind: $0)" } ?? ""
                let due = try await sql.raw("""
                    SELECT id, organisation_id FROM cases
                    WHERE closed_on <= \(bind: cutOff) AND erased_at IS NULL AND legal_hold = \(bind: false)
                      AND duty_to_notify = \(bind: notified)\(page)
                    ORDER BY id LIMIT \(literal: pageSize)
                    """).all()
                for row in due {
                    let id = try row.decode(column: "id", as: UUID.self)
                    if try await CaseErasure.erase(caseID: id, organisationID: try row.decode(column: "organisation_id", as: UUID.self),
                                                   at: services.now, requestID: requestID, services: services, on: database) {
                        result.erased += 1
                    }
                }
                guard due.count == pageSize, let last = due.last else { break }
                after = try last.decode(column: "id", as: UUID.self)
            }
            result.held += try await CaseRecord.query(on: database).filter(\.$closedOn <= cutOff).filter(\.$erasedAt == nil)
                .filter(\.$legalHold == true).filter(\.$dutyToNotify == notified).count()
        }
        if result.erased > 0 { try await releaseStorage(services: services, on: sql) }
        return result
    }

    /// Deleted rows linger in database files until overwritten. SQLite overwrites deleted
    /// content with zeros (`secure_delete`, set on every connection) and this empties the
    /// write-ahead log, which may still hold pages with the keys. PostgreSQL keeps old row
    /// versions until the table is rewritten: `VACUUM FULL` rewrites the (small) key table.
    static func releaseStorage(services: LanternServices, on sql: any SQLDatabase) async throws {
        switch services.settings.database {
        case .sqlite: try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        case .postgres: try await sql.raw("VACUUM FULL \(ident: CaseKey.schema)").run()
        }
    }
}
