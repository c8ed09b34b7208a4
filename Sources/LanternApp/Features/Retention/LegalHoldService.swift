import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// Placing and releasing legal holds. Only a modern slavery lead or an organisation
/// administrator of the organisation that holds the case may (`manageRetention`); each change
/// is written with its audit entry in one transaction. The hold's reason is sealed with the
/// case's key, like the case's other free text.
struct LegalHoldService {
    let request: Request
    /// The language of the messages about the case and the hold; the field rules of
    /// LanternCore (`CaseValidation`, `LegalHoldRules`) answer in British English.
    var l: Localiser = .englishGB
    var services: LanternServices { request.application.lantern }

    /// The viewer's organisation's case with this reference. Another organisation's case
    /// answers exactly like one that does not exist, and the attempt is audited.
    func ownCase(_ reference: String?) async throws -> CaseRecord? {
        try request.authorise(.manageRetention)
        guard let reference = reference.flatMap(CaseReference.normalised),
              let record = try await CaseRecord.query(on: request.db).filter(\.$reference == reference).first() else { return nil }
        do {
            // Shares never give retention rights: the case's relation as its owner sees it.
            return try await request.authorise(.manageRetention, record, placedAt: record.placement(sharesInForce: [])).record
        } catch LanternError.notFound {
            try await request.audit(AuditEvent(action: "case.access_denied", recordType: "case", recordID: record.id?.uuidString,
                                               outcome: .denied))
            return nil
        }
    }

    /// Places a hold on the organisation's case with this reference. Invalid input, or a
    /// case the rules refuse, throws `LanternError.invalid` naming the field.
    func place(reference: String?, reason: String?) async throws -> CaseRecord {
        let context = try request.authorise(.manageRetention)
        var errors = FormErrors()
        // The one check of the case (its relation worked out from the record).
        let record = try await ownCase(reference)
        if record == nil {
            errors.add("reference", CaseReference.normalised(reference ?? "") == nil
                       ? l("retention.reference-malformed") : l("retention.reference-unknown"))
        }
        let reason = CaseValidation.text(reason, field: "reason", label: Localiser.englishGB("retention.noun-reason"),
                                         limit: LegalHoldRules.reasonLimit, multiline: true, required: true, into: &errors)
        guard errors.isEmpty, let record, let reason else { throw LanternError.invalid(errors.items) }
        let caseID = try record.requireID()
        let caseCipher = try await services.caseKeys.cipher(for: caseID, on: request.db)
        var facts = record.retentionFacts
        facts.erased = facts.erased || caseCipher == nil
        if let refusal = LegalHoldRules.refusalToPlace(facts) { throw LanternError.invalid([("reference", refusal)]) }
        guard let caseCipher else { throw LanternError.erased(record.erasedAt) }
        let sealed = try caseCipher.seal(reason, context: record.legalHoldReasonSealContext)
        let now = services.now
        let placed = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // Conditional, so an erasure or another hold a moment before wins cleanly.
            guard try await sql.update(CaseRecord.schema)
                .set("legal_hold", to: true).set("legal_hold_reason", to: sealed)
                .set("legal_hold_by", to: context.userID).set("legal_hold_at", to: now)
                .where("id", .equal, caseID).where(SQLColumn("erased_at"), .is, SQLLiteral.null).where("legal_hold", .equal, false)
                .returning("id").first() != nil else { return false }
            try await request.audit(AuditEvent(action: "case.legal_hold_placed", recordType: "case", recordID: caseID.uuidString), on: tx)
            return true
        }
        guard placed else {
            throw LanternError.invalid([("reference", l("retention.changed-meanwhile"))])
        }
        return record
    }

    /// Releases the hold on the organisation's case with this reference: from now on the
    /// retention rules apply to it again (the next daily run erases it if it is due).
    func release(reference: String?) async throws -> CaseRecord {
        guard let record = try await ownCase(reference) else { throw LanternError.notFound }
        if let refusal = LegalHoldRules.refusalToRelease(record.retentionFacts) { throw LanternError.invalid([("held", refusal)]) }
        let caseID = try record.requireID()
        let released = try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            guard try await sql.update(CaseRecord.schema)
                .set("legal_hold", to: false).set("legal_hold_reason", to: SQLLiteral.null)
                .set("legal_hold_by", to: SQLLiteral.null).set("legal_hold_at", to: SQLLiteral.null)
                .where("id", .equal, caseID).where("legal_hold", .equal, true)
                .returning("id").first() != nil else { return false }
            try await request.audit(AuditEvent(action: "case.legal_hold_released", recordType: "case", recordID: caseID.uuidString), on: tx)
            return true
        }
        guard released else { throw LanternError.invalid([("held", l("retention.not-held"))]) }
        return record
    }
}
