import Fluent
import Vapor
import LanternCore

/// Recording consent, withdrawing it, and sharing cases under it.
struct SharingService {
    let request: Request
    var services: LanternServices { request.application.lantern }

    /// Records consent; its free text is sealed with the case's own key (`caseCipher`).
    func recordConsent(_ input: ConsentInput, on access: AccessibleCase, using caseCipher: FieldCipher) async throws -> ConsentRecord {
        let context = try access.authorised.context(for: .editCase), record = access.record
        let named = ConsentRules.organisationsToLookUp(input)
        let existing = named.isEmpty ? [] : Set(try await Organisation.query(on: request.db).filter(\.$id ~~ named).all(\.$id))
        let subject = ConsentCase(ageGroup: record.age, identifiedOn: Day(daysSinceEpoch: record.identifiedOn),
                                  ownerOrganisationID: record.$organisation.id)
        let valid: ValidConsent
        switch ConsentRules.validate(input, on: subject, existingOrganisationIDs: existing, today: request.today) {
        case .success(let checked): valid = checked
        case .failure(let problems): throw LanternError.invalid(problems.items)
        }

        let consent = ConsentRecord()
        consent.id = UUID()
        consent.$case.id = try record.requireID()
        consent.basis = valid.basis.rawValue
        consent.referToNRM = valid.referToNRM
        consent.organisationIDs = valid.organisationIDs.map(\.uuidString).sorted().joined(separator: ",")
        consent.scopes = ShareScope.stored(valid.scopes)
        consent.sealedPurpose = try caseCipher.seal(valid.purpose, context: consent.purposeSealContext)
        // Empty under the child safeguarding basis: not consent, so not asked how it was obtained.
        consent.obtainedHow = valid.method?.rawValue ?? ""
        consent.sealedInterpreterLanguage = try valid.interpreterLanguage.map { try caseCipher.seal($0, context: consent.interpreterSealContext) }
        consent.givenOn = valid.givenOn.daysSinceEpoch
        consent.validUntil = valid.validUntil.daysSinceEpoch
        consent.recordedBy = context.userID
        consent.recordedAt = services.now
        try await request.db.transaction { tx in
            try await consent.create(on: tx)
            try await request.audit(AuditEvent(action: "consent.recorded", recordType: "case", recordID: record.id?.uuidString), on: tx)
        }
        return consent
    }

    /// Withdrawing consent ends every share made under it, at once.
    func withdraw(_ consentID: UUID?, on access: AccessibleCase) async throws {
        let context = try access.authorised.context(for: .editCase), record = access.record
        guard let consentID, let consent = try await ConsentRecord.find(consentID, on: request.db),
              consent.$case.id == record.id else { throw LanternError.notFound }
        guard consent.withdrawnOn == nil else { return }
        consent.withdrawnOn = request.today.daysSinceEpoch
        consent.withdrawnBy = context.userID
        try await request.db.transaction { tx in
            try await consent.save(on: tx)
            try await request.audit(AuditEvent(action: "consent.withdrawn", recordType: "case", recordID: record.id?.uuidString), on: tx)
        }
    }

    /// Shares the case; the purpose is sealed with the case's own key (`caseCipher`).
    func share(_ input: ShareInput, on access: AccessibleCase, using caseCipher: FieldCipher) async throws -> CaseShare {
        let context = try access.authorised.context(for: .shareCase), record = access.record
        let today = request.today
        var errors = FormErrors()
        let organisationID = UUID(exactly: input.organisationID ?? "")
        if organisationID == nil { errors.add("organisationID", "Select the organisation to share with") }
        if let organisationID, try await Organisation.find(organisationID, on: request.db) == nil {
            errors.add("organisationID", "Select the organisation to share with")
        }
        let teamID = try await team(input.teamID, of: organisationID, into: &errors)
        let scopes = Self.scopes(input, into: &errors)
        let until = CaseValidation.anyDay(input.until, field: "until", label: "the end date", required: true, into: &errors)
        let consent = try await UUID(exactly: input.consentID ?? "").asyncMap { id in
            try await ConsentRecord.query(on: request.db).filter(\.$id == id).filter(\.$case.$id == record.requireID()).first()
        } ?? nil
        if consent == nil { errors.add("consentID", "Choose the consent record this share rests on") }
        // Control characters and oversized text are refused here; SharingRules checks the rest.
        let purpose = CaseValidation.text(input.purpose, field: "purpose", label: "the purpose of sharing",
                                          limit: 500, multiline: true, into: &errors) ?? ""
        let purposeKind = ShareAnswerService.purposeKind(input.purposeKind, into: &errors)
        guard errors.isEmpty, let organisationID, let scopes, let until, let consent else { throw LanternError.invalid(errors.items) }
        let shareRequest = ShareRequest(organisationID: organisationID.uuidString, scopes: scopes, purpose: purpose, until: until)
        if let refusal = SharingRules.refusal(for: shareRequest, under: consent.terms,
                                              ownerOrganisationID: record.$organisation.id.uuidString,
                                              ageGroup: record.age, today: today) {
            let field = ["organisation": "organisationID", "consent": "consentID"][refusal.field] ?? refusal.field
            throw LanternError.invalid([(field, refusal.reason)])
        }
        let share = CaseShare()
        share.id = UUID()
        share.$case.id = try record.requireID()
        share.$organisation.id = organisationID
        share.teamID = teamID
        share.$consent.id = try consent.requireID()
        share.setScopes(scopes)
        share.sealedPurpose = try caseCipher.seal(shareRequest.purpose.trimmingCharacters(in: .whitespacesAndNewlines),
                                              context: share.purposeSealContext)
        share.startsOn = today.daysSinceEpoch
        share.until = until.daysSinceEpoch
        share.grantedBy = context.userID
        share.grantedAt = services.now
        try await self.request.db.transaction { tx in
            try await share.create(on: tx)
            try await ShareAnswerService.awaitAnswer(shareID: try share.requireID(), kind: purposeKind, sharedOn: today,
                                                     services: self.services, on: tx)
            try await self.request.audit(AuditEvent(action: "case.shared", recordType: "case", recordID: record.id?.uuidString), on: tx)
        }
        return share
    }

    func revoke(_ shareID: UUID?, on access: AccessibleCase) async throws {
        let context = try access.authorised.context(for: .shareCase), record = access.record
        guard let shareID, let share = try await CaseShare.find(shareID, on: request.db), share.$case.id == record.id else {
            throw LanternError.notFound
        }
        guard share.revokedAt == nil else { return }
        share.revokedAt = services.now
        share.revokedBy = context.userID
        try await request.db.transaction { tx in
            try await share.save(on: tx)
            try await request.audit(AuditEvent(action: "case.share_revoked", recordType: "case", recordID: record.id?.uuidString), on: tx)
        }
    }

    /// What the share carries: `scopes[]` (pages) or `scopes` (API), or the one `scope` of
    /// before; codes from the list (`full_case` read as the case without identity).
    static func scopes(_ input: ShareInput, into errors: inout FormErrors) -> Set<ShareScope>? {
        let codes = input.scopes ?? input.scope.map { [$0] } ?? []
        let named = codes.compactMap(ShareScope.init(code:))
        guard named.count == codes.count else { errors.add("scopes", "Select what to share from the list"); return nil }
        guard !named.isEmpty else { errors.add("scopes", "Select what to share"); return nil }
        return Set(named)
    }

    /// The team a share addresses: none (the whole organisation), or one of that organisation's.
    private func team(_ value: String?, of organisationID: UUID?, into errors: inout FormErrors) async throws -> UUID? {
        guard let value, !value.isEmpty else { return nil }
        guard let id = UUID(exactly: value), let organisationID,
              let team = try await Team.find(id, on: request.db), team.$organisation.id == organisationID else {
            errors.add("teamID", "Select a team of the organisation you share with, or the whole organisation")
            return nil
        }
        return team.id
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
