import Fluent
import SQLKit
import Vapor
import LanternCore

/// A case as the viewer may see it: checked once (`authorised`), with the share that brings
/// it to a partner and the case's own cipher.
struct AccessibleCase {
    let authorised: Authorised<CaseRecord>
    /// The share that gives a partner organisation (or one of its teams) access (nil for the owner).
    let share: CaseShare?
    /// The case's own cipher (its data key), nil once the key is destroyed: the case was
    /// erased, or this database was restored from a backup taken before an erasure.
    let caseCipher: FieldCipher?
    /// What the viewer may see of the case (`ShareScope.covered(by:)` applied): the owning
    /// organisation everything; a partner what its share carries; a conference member what
    /// conference access gives. Pages and the API show exactly these parts.
    let parts: Set<ShareScope>

    init(authorised: Authorised<CaseRecord>, share: CaseShare?, caseCipher: FieldCipher?, parts: Set<ShareScope>? = nil) {
        self.authorised = authorised
        self.share = share
        self.caseCipher = caseCipher
        let owner = authorised.relations.contains(.sameOrganisation)
        self.parts = ShareScope.covered(by: parts ?? (owner ? ShareScope.everything : share?.shareScopes ?? [.decisionStatus]))
    }

    var record: CaseRecord { authorised.record }

    /// The owner's view or a partner's: `.sameOrganisation` for the owning organisation (its
    /// teams included), `.sharedWithOrganisation` for a partner (whole organisation or team).
    var relation: LanternCore.Relation {
        if authorised.relations.contains(.sameOrganisation) { return .sameOrganisation }
        if !authorised.relations.isDisjoint(with: [.sharedWithOrganisation, .sharedWithTeam]) { return .sharedWithOrganisation }
        return authorised.relation
    }

    /// Partners with a decision-status share see the decision and nothing else.
    var decisionOnly: Bool { !parts.contains(.caseWithoutIdentity) }

    /// Whether the viewer may see this part of the case.
    func shows(_ part: ShareScope) -> Bool { parts.contains(part) }

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
        try request.authorise(action)
        guard let reference = reference.flatMap(CaseReference.normalised),
              let record = try await CaseRecord.query(on: request.db).filter(\.$reference == reference)
                .with(\.$exploitationTypes).first() else { throw LanternError.notFound }
        let viewpoint = try await request.viewpoint()
        // Only shares reaching this viewer matter; a share wholly to the owner never exists.
        let caseID = try record.requireID()
        let shares = try await CaseShare.inForce(reaching: viewpoint, request: request) { $0.filter(\.$case.$id == caseID) }
        // A conference member reads a case accepted to their meeting's agenda until its window ends, checked now.
        let conference = record.$organisation.id == viewpoint.context.organisationID ? nil
            : try await conferenceMeeting(caseID: caseID, viewerID: viewpoint.context.userID, request: request)
        var placement = record.placement(sharesInForce: shares)
        if conference != nil { placement.conferenceMemberIDs = [viewpoint.context.userID.uuidString] }
        let authorised: Authorised<CaseRecord>
        do {
            authorised = try await request.authorise(action, record, placedAt: placement)
        } catch LanternError.notFound {
            // Audited: someone asked for a case they may not see.
            try await request.audit(AuditEvent(action: "case.access_denied", recordType: "case",
                                               recordID: record.id?.uuidString, outcome: .denied))
            throw LanternError.notFound
        }
        // The share that brings it: one to the viewer's team before one to their whole organisation.
        let share = authorised.relations.contains(.sameOrganisation) ? nil
            : shares.first { $0.teamID != nil } ?? shares.first
        let caseCipher = try await request.application.lantern.caseKeys.cipher(for: record.requireID(), on: request.db)
        // Nothing can be recorded on an erased case: what it would change is gone.
        if caseCipher == nil && action != .viewCase { throw LanternError.erased(record.erasedAt) }
        try share?.open(using: caseCipher)
        guard let conference, authorised.relations.contains(.conferenceMember) else {
            return AccessibleCase(authorised: authorised, share: share, caseCipher: caseCipher)
        }
        // Read under the conference relation: audited with its basis (the case, and the meeting);
        // members see the case and who the person is, never the story.
        try await request.audit(AuditEvent(action: "case.viewed_for_conference", recordType: "case", recordID: caseID.uuidString))
        try await request.audit(AuditEvent(action: "conference_meeting.case_viewed", recordType: "conference_meeting", recordID: conference.uuidString))
        return AccessibleCase(authorised: authorised, share: share, caseCipher: caseCipher,
                              parts: Set(share?.shareScopes ?? []).union([.caseWithoutIdentity, .identityAndContact]))
    }

    /// The meeting through which the viewer, a member, may read this case today: the chair
    /// accepted it to the agenda and the window (`ConferenceRules.memberMayRead`) is open. Nil otherwise.
    static func conferenceMeeting(caseID: UUID, viewerID: UUID, request: Request) async throws -> UUID? {
        guard let sql = request.db as? any SQLDatabase else { return nil }
        struct Row: Decodable { let meeting_id: UUID; let held_on: Int; let access_days_after: Int }
        let rows = try await sql.raw("""
            SELECT m.id AS meeting_id, m.held_on, s.access_days_after FROM conference_agenda a
            JOIN conference_meetings m ON m.id = a.meeting_id JOIN conference_series s ON s.id = m.series_id
            JOIN conference_members cm ON cm.meeting_id = m.id
            WHERE a.case_id = \(bind: caseID) AND a.state = 'accepted' AND cm.user_id = \(bind: viewerID)
            ORDER BY m.held_on DESC
            """).all(decoding: Row.self)
        return rows.first { ConferenceRules.memberMayRead(state: .accepted, heldOn: Day(daysSinceEpoch: $0.held_on),
                                                         accessDaysAfter: $0.access_days_after, today: request.today) }?.meeting_id
    }
}

extension CaseRecord {
    /// Where the case sits for the access rules: its organisation, its team, its shares in force.
    func placement(sharesInForce shares: [CaseShare]) -> RecordPlacement {
        RecordPlacement(organisationID: $organisation.id.uuidString, teamID: teamID?.uuidString,
                        sharesInForce: Set(shares.map { ShareAddress(organisationID: $0.$organisation.id.uuidString, teamID: $0.teamID?.uuidString) }))
    }
}

extension CaseRecord: NarrowableRecord {
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<CaseRecord>? {
        let organisationID = viewpoint.context.organisationID, teams = viewpoint.teamIDs
        switch relation {
        case .sameOrganisation:
            return RecordCondition { $0.filter(\.$organisation.$id == organisationID) }
        case .sameTeam:
            guard !teams.isEmpty else { return nil }
            return RecordCondition { $0.group(.and) { $0.filter(\.$organisation.$id == organisationID).filter(\.$teamID ~~ teams) } }
        case .sharedWithOrganisation, .sharedWithTeam:
            let shares = try await CaseShare.inForce(reaching: viewpoint, request: request) { query in
                relation == .sharedWithTeam ? query.filter(\.$teamID != nil) : query.filter(\.$teamID == nil)
            }
            let ids = Array(Set(shares.map { $0.$case.id }))
            return ids.isEmpty ? nil : RecordCondition { $0.filter(\.$id ~~ ids) }
        default:
            return nil
        }
    }
}

extension CaseShare {
    var terms: ShareTerms {
        ShareTerms(startsOn: Day(daysSinceEpoch: startsOn), until: Day(daysSinceEpoch: until), revoked: revokedAt != nil)
    }

    /// Whether this share gives access today (`SharingRules.isActive`); `consent` must be loaded.
    func isActive(on today: Day) -> Bool { SharingRules.isActive(terms, under: consent.terms, today: today) }

    /// Shares in force today addressed to the viewer's organisation as a whole or to one of
    /// their teams, with their consent loaded. SQL narrows by addressee and by the share's own
    /// days; `SharingRules.isActive` (which also asks the consent) decides.
    static func inForce(reaching viewpoint: Viewpoint, request: Request,
                        _ narrower: (QueryBuilder<CaseShare>) -> QueryBuilder<CaseShare> = { $0 }) async throws -> [CaseShare] {
        let today = request.today, teams = viewpoint.teamIDs
        let query = CaseShare.query(on: request.db)
            .filter(\.$organisation.$id == viewpoint.context.organisationID)
            .group(.or) { addressee in
                addressee.filter(\.$teamID == nil)
                if !teams.isEmpty { addressee.filter(\.$teamID ~~ teams) }
            }
            .filter(\.$revokedAt == nil)
            .filter(\.$startsOn <= today.daysSinceEpoch).filter(\.$until >= today.daysSinceEpoch)
        return try await narrower(query).with(\.$consent).all().filter { $0.isActive(on: today) }
    }
}

extension CaseShare: NarrowableRecord {
    /// A share has a relation to the viewer only while in force: to their whole organisation
    /// or to one of their teams.
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<CaseShare>? {
        guard relation == .sharedWithOrganisation || relation == .sharedWithTeam else { return nil }
        let ids = try await inForce(reaching: viewpoint, request: request) { query in
            relation == .sharedWithTeam ? query.filter(\.$teamID != nil) : query.filter(\.$teamID == nil)
        }.compactMap(\.id)
        return ids.isEmpty ? nil : RecordCondition { $0.filter(\.$id ~~ ids) }
    }
}
