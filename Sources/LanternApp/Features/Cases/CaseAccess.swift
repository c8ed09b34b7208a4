import Fluent
import Vapor
import LanternCore

/// A case as the viewer may see it: how they relate to it, and through which share.
struct AccessibleCase {
    let record: CaseRecord
    let relation: LanternCore.Relation
    /// The share that gives a partner organisation access (nil for the owner).
    let share: CaseShare?
    /// The case's own cipher (its data key), nil once the key is destroyed: the case was
    /// erased, or this database was restored from a backup taken before an erasure.
    let caseCipher: FieldCipher?

    /// Partners with a decision-status share see the decision and nothing else.
    var decisionOnly: Bool { share?.shareScope == .decisionStatus }

    /// Whether the identifying details can no longer be read.
    var erased: Bool { caseCipher == nil }

    /// The case's cipher, for reading or changing its identifying details; an erased case
    /// answers 410 with the date it was erased.
    var cipher: FieldCipher {
        get throws {
            guard let caseCipher else { throw LanternError.erased(record.erasedAt) }
            return caseCipher
        }
    }
}

/// Finds cases by reference and decides, with the access policy, who may do what to them.
/// Anything the viewer may not see answers 404, exactly like a reference that does not exist.
enum CaseAccess {
    static func load(_ reference: String?, for action: Action, request: Request) async throws -> AccessibleCase {
        let context = try request.authorise(action)
        guard let reference = reference.flatMap(CaseReference.normalised),
              let record = try await CaseRecord.query(on: request.db).filter(\.$reference == reference)
                .with(\.$exploitationTypes).first() else { throw LanternError.notFound }
        let today = request.today
        var relation: LanternCore.Relation = .otherOrganisation
        var share: CaseShare?
        if record.$organisation.id == context.organisationID {
            relation = .sameOrganisation
        } else {
            let candidates = try await CaseShare.query(on: request.db)
                .filter(\.$case.$id == record.requireID())
                .filter(\.$organisation.$id == context.organisationID)
                .filter(\.$revokedAt == nil)
                .with(\.$consent).all()
            share = candidates.first { candidate in
                SharingRules.isActive(until: Day(daysSinceEpoch: candidate.until), revoked: false,
                                      consent: candidate.consent.terms, today: today)
                    && Day(daysSinceEpoch: candidate.startsOn) <= today
            }
            if share != nil { relation = .sharedWithOrganisation }
        }
        guard request.application.lantern.policy.permits(context.roles, action, on: relation) else {
            // Audited: someone asked for a case they may not see.
            try await request.audit(AuditEvent(action: "case.access_denied", recordType: "case",
                                               recordID: record.id?.uuidString, outcome: .denied))
            throw LanternError.notFound
        }
        let caseCipher = try await request.application.lantern.caseKeys.cipher(for: record.requireID(), on: request.db)
        // Nothing can be recorded on an erased case: what it would change is gone.
        if caseCipher == nil && action != .viewCase { throw LanternError.erased(record.erasedAt) }
        try share?.open(using: caseCipher)
        return AccessibleCase(record: record, relation: relation, share: share, caseCipher: caseCipher)
    }
}

extension Request {
    /// Today in London, as a calendar day.
    var today: Day { application.lantern.today }
}

extension LanternServices {
    var today: Day {
        let zone = TimeZone(identifier: "Europe/London") ?? .gmt
        let now = clock.now()
        return Day(secondsSince1970: now.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: now)))
    }
}
