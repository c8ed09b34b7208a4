import Fluent
import Vapor
import LanternCore

/// Gathers what the case page shows, reading each piece only if the viewer may see it.
enum CaseViewLoader {
    static func load(_ access: AccessibleCase, request: Request) async throws -> CaseView {
        let context = try request.requireSignedIn()
        let record = access.record
        let service = CaseService(request: request)
        let policy = request.accessPolicy
        let owner = access.relation == .sameOrganisation
        // Sealed with the case's own key; nil once the case is erased (nothing left to open).
        let caseCipher = access.caseCipher
        let caseID = try record.requireID()
        let timeline = try await CaseEvent.query(on: request.db).filter(\.$case.$id == caseID)
            .sort(\.$occurredOn).sort(\.$recordedAt).all()
        var notes: [UUID: String] = [:]
        if owner, let caseCipher {
            for event in timeline {
                if let sealed = event.sealedNote, let id = event.id {
                    notes[id] = try caseCipher.open(sealed, context: event.noteSealContext)
                }
            }
        }
        // Each piece is read once and only when the page will show it: this is the busiest
        // page, and every query costs more than the work done with its rows.
        let recorderIDs = Set(timeline.map(\.recordedBy))
        let people = recorderIDs.isEmpty ? [] : try await User.query(on: request.db).filter(\.$id ~~ recorderIDs).all()
        let consents = owner ? try await ConsentRecord.query(on: request.db).filter(\.$case.$id == caseID).sort(\.$recordedAt).all() : []
        let shares = owner ? try await CaseShare.query(on: request.db).filter(\.$case.$id == caseID).with(\.$consent).sort(\.$grantedAt).all() : []
        for share in shares { try share.open(using: caseCipher) }
        let partnerViews = owner ? try await AuditEntry.query(on: request.db)
            .filter(\.$recordType == "case").filter(\.$recordID == caseID.uuidString)
            .filter(\.$organisationID != record.$organisation.id.uuidString)
            .sort(\.$id, .descending).limit(50).all() : []
        let namesOrganisations = !consents.isEmpty || !shares.isEmpty || !partnerViews.isEmpty
        let organisations = namesOrganisations ? try await Organisation.query(on: request.db).all() : []
        let canEdit = owner && !access.erased && policy.permits(context.roles, .editCase, on: .sameOrganisation)
        // Other features' sections (accommodation, alerts, the children's checklist, ...).
        let input = CaseSectionInput(access: access, request: request, canEdit: canEdit, csrf: request.csrfToken, today: request.today)
        var sections: [CaseSection.Slot: [HTML]] = [:]
        for slot in [CaseSection.Slot.top, .afterSummary, .end] {
            for section in LanternFeatures.caseSections(in: slot) {
                if let html = try await section.render(input) { sections[slot, default: []].append(html) }
            }
        }
        return CaseView(
            // The referral's answers: the owner's, or a partner's whose share carries identity or the story.
            record: record, access: access, details: try caseCipher.flatMap {
                owner || !access.parts.isDisjoint(with: [.identityAndContact, .story]) ? try service.referral(of: record, using: $0) : nil
            },
            missing: try caseCipher.map { owner ? try service.missingDetails(of: record, referralConsent:
                CaseService.referralConsent(among: consents, today: request.today), using: $0) : [] } ?? [],
            timeline: timeline, notes: notes,
            recorders: Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.displayName) } }),
            consents: consents, shares: shares,
            organisations: Dictionary(uniqueKeysWithValues: organisations.compactMap { o in o.id.map { ($0, o.name) } }),
            previousCases: owner ? try await service.previousCases(of: record) : [],
            partnerViews: partnerViews,
            canEdit: canEdit,
            canShare: owner && !access.erased && policy.permits(context.roles, .shareCase, on: .sameOrganisation),
            viewerOrganisationID: context.organisationID, today: request.today,
            catalogue: request.application.lantern.boroughs, sections: sections)
    }
}

extension AccessibleCase {
    /// Audits a view of the case page or its JSON: the view itself (the decision status only,
    /// or the case), and for a partner each sensitive part it was shown (identity and contact,
    /// the story), so the owner's list of partner views says what was read.
    func auditView(on request: Request) async throws {
        let caseID = record.id?.uuidString
        try await request.audit(AuditEvent(action: decisionOnly ? "case.decision_viewed" : "case.viewed", recordType: "case", recordID: caseID))
        guard relation != .sameOrganisation else { return }
        if shows(.identityAndContact) {
            try await request.audit(AuditEvent(action: "case.identity_viewed", recordType: "case", recordID: caseID))
        }
        if shows(.story) { try await request.audit(AuditEvent(action: "case.story_viewed", recordType: "case", recordID: caseID)) }
    }
}
