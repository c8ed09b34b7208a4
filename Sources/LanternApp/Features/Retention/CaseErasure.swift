import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// Erasing a case under the retention rules. Its data key is destroyed, so everything that
/// was sealed under it (here, in the write-ahead log, in old backups, in copies nobody knows
/// about) can no longer be opened by anyone. As defence in depth the sealed columns are
/// blanked and the person-match hash removed as well. The statistical columns (borough,
/// exploitation types, quarters, decisions) stay, so published figures do not change.
enum CaseErasure {
    /// What the case page and the API say about an erased case.
    static func notice(erasedAt: Date?) -> String {
        guard let erasedAt else {
            return "The identifying details of this case cannot be read: its key was erased under the retention rules after this copy of the database was made."
        }
        return "The identifying details of this case were erased on \(DisplayDate.date(erasedAt)) under the retention rules. "
            + "Its figures (borough, exploitation types, quarters and decisions) are kept for statistics."
    }

    /// The calendar day in London of an erasure.
    static func day(of date: Date) -> Day {
        let zone = TimeZone(identifier: "Europe/London") ?? .gmt
        return Day(secondsSince1970: date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date)))
    }

    /// Erases one case, in one transaction with its `case.erased` audit entry, unless a legal
    /// hold keeps it or it is already erased. Both are checked by the statement that marks it,
    /// so a hold placed a moment before always wins. Returns whether the case was erased.
    static func erase(caseID: UUID, organisationID: UUID, at date: Date, requestID: String,
                      services: LanternServices, on database: any Database) async throws -> Bool {
        try await database.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let marked = try await sql.update(CaseRecord.schema)
                .set("erased_at", to: date)
                .set("sealed_referral", to: "")
                .set("person_match_key", to: SQLLiteral.null)
                .set("legal_hold_reason", to: SQLLiteral.null)
                .where("id", .equal, caseID)
                .where(SQLColumn("erased_at"), .is, SQLLiteral.null)
                .where("legal_hold", .equal, false)
                .returning("id")
                .first()
            guard marked != nil else { return false }
            try await services.caseKeys.destroy(for: caseID, on: tx)
            try await CaseSearchIndex.delete(caseID: caseID, on: tx)
            try await sql.update(CaseEvent.schema).set("sealed_note", to: SQLLiteral.null).where("case_id", .equal, caseID).run()
            try await sql.update("case_notes").set("sealed_note", to: "").where("case_id", .equal, caseID).run()
            // Task titles are free text a worker typed (perhaps a name or an address): they go too.
            try await sql.delete(from: "tasks").where("case_id", .equal, caseID).run()
            // The Home Office's reference for the person's referral leads back to them.
            try await sql.update("case_referral_followup").set("home_office_reference", to: SQLLiteral.null)
                .where("case_id", .equal, caseID).run()
            try await sql.update(ConsentRecord.schema).set("purpose", to: "").set("interpreter_language", to: SQLLiteral.null)
                .where("case_id", .equal, caseID).run()
            try await sql.update(CaseShare.schema).set("purpose", to: "").where("case_id", .equal, caseID).run()
            try await AuditLog.append(AuditEvent(action: "case.erased", recordType: "case", recordID: caseID.uuidString),
                                      actor: nil, organisation: organisationID, requestID: requestID, sourceAddress: nil,
                                      at: date, key: services.auditChainKey, on: tx)
            return true
        }
    }
}
