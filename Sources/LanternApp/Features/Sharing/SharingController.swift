import Fluent
import Vapor
import LanternCore

/// Consent records and shares on a case (owner), and cases shared with your organisation.
struct SharingController {
    func register(_ routes: LanternRoutes) {
        routes.get(SharingPaths.newConsent, access: .action(.editCase), use: consentForm)
        routes.post(SharingPaths.newConsent, access: .action(.editCase), use: recordConsent)
        routes.post(SharingPaths.withdrawConsent, access: .action(.editCase), use: withdraw)
        routes.get(SharingPaths.newShare, access: .action(.shareCase), use: shareForm)
        routes.post(SharingPaths.newShare, access: .action(.shareCase), use: share)
        routes.post(SharingPaths.revokeShare, access: .action(.shareCase), use: revoke)
        routes.get(SharingPaths.sharedCases, access: .action(.viewCase), use: sharedWithUs)
        routes.get(SharingPaths.lookup, access: .action(.viewCase), use: lookup)
    }

    private func otherOrganisations(_ request: Request, excluding owner: UUID) async throws -> [(id: String, name: String)] {
        try await Organisation.query(on: request.db).filter(\.$id != owner).sort(\.$name).all()
            .map { ($0.id?.uuidString ?? "", $0.name) }
    }

    /// Other organisations' teams, each named with its organisation, for a share to one team.
    private func otherTeams(_ request: Request, excluding owner: UUID) async throws -> [(id: String, name: String)] {
        try await Team.query(on: request.db).filter(\.$organisation.$id != owner).with(\.$organisation).all()
            .map { ($0.id?.uuidString ?? "", "\($0.organisation.name): \($0.name)") }
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    @Sendable func consentForm(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        return request.render(SharingPages.consentForm(
            access.record, input: ConsentInput(), organisations: try await otherOrganisations(request, excluding: access.record.$organisation.id),
            today: request.today, errors: FormErrors(), csrf: request.csrfToken, l: SharingPages.localiser(request)))
    }

    @Sendable func recordConsent(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        var input = try request.content.decode(ConsentInput.self)
        struct Boxes: Content { var organisationIDs: [String]?; var scopes: [String]? }
        if let boxes = try? request.content.decode(Boxes.self) {
            input.organisationIDs = boxes.organisationIDs ?? input.organisationIDs
            input.scopes = boxes.scopes ?? input.scopes
        }
        do {
            _ = try await SharingService(request: request).recordConsent(input, on: access, using: try access.cipher)
            return request.redirect(to: Href.case(access.record.reference).query("recorded", "1").fragment("consent"))
        } catch LanternError.invalid(let items) {
            var errors = FormErrors()
            for item in items { errors.add(item.field, item.message) }
            return request.render(SharingPages.consentForm(
                access.record, input: input, organisations: try await otherOrganisations(request, excluding: access.record.$organisation.id),
                today: request.today, errors: errors, csrf: request.csrfToken, l: SharingPages.localiser(request)))
        }
    }

    @Sendable func withdraw(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        try await SharingService(request: request).withdraw(request.parameters.get("consentID", as: UUID.self), on: access)
        return request.redirect(to: Href.case(access.record.reference).query("recorded", "1").fragment("consent"))
    }

    private func consentsInForce(_ record: CaseRecord, request: Request) async throws -> [ConsentRecord] {
        let today = request.today
        return try await ConsentRecord.query(on: request.db).filter(\.$case.$id == record.requireID()).sort(\.$recordedAt, .descending)
            .all().filter { $0.terms.inForce(on: today) }
    }

    @Sendable func shareForm(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .shareCase, request: request)
        return request.render(SharingPages.shareForm(
            access.record, input: ShareInput(), organisations: try await otherOrganisations(request, excluding: access.record.$organisation.id),
            teams: try await otherTeams(request, excluding: access.record.$organisation.id), answerDays: ShareAnswerService.workingDays(request.application.lantern),
            consents: try await consentsInForce(access.record, request: request), today: request.today, errors: FormErrors(),
            csrf: request.csrfToken, l: SharingPages.localiser(request)))
    }

    @Sendable func share(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .shareCase, request: request)
        let input = try request.content.decode(ShareInput.self)
        do {
            _ = try await SharingService(request: request).share(input, on: access, using: try access.cipher)
            return request.redirect(to: Href.case(access.record.reference).query("recorded", "1").fragment("sharing"))
        } catch LanternError.invalid(let items) {
            var errors = FormErrors()
            for item in items { errors.add(item.field, item.message) }
            return request.render(SharingPages.shareForm(
                access.record, input: input, organisations: try await otherOrganisations(request, excluding: access.record.$organisation.id),
                teams: try await otherTeams(request, excluding: access.record.$organisation.id), answerDays: ShareAnswerService.workingDays(request.application.lantern),
                consents: try await consentsInForce(access.record, request: request), today: request.today, errors: errors,
                csrf: request.csrfToken, l: SharingPages.localiser(request)))
        }
    }

    @Sendable func revoke(_ request: Request) async throws -> Response {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .shareCase, request: request)
        try await SharingService(request: request).revoke(request.parameters.get("shareID", as: UUID.self), on: access)
        return request.redirect(to: Href.case(access.record.reference).query("recorded", "1").fragment("sharing"))
    }

    @Sendable func sharedWithUs(_ request: Request) async throws -> Response {
        let shares = try await SharedCases.active(for: request)
        let organisations = try await Organisation.query(on: request.db).all()
        return request.render(SharingPages.sharedWithUs(
            shares, organisations: Dictionary(uniqueKeysWithValues: organisations.compactMap { o in o.id.map { ($0, o.name) } }),
            lookup: nil, errors: FormErrors(), today: request.today,
            answers: try await ShareAnswerService.answers(of: shares.compactMap(\.id), on: request.db), l: SharingPages.localiser(request)))
    }

    /// A reference someone was given: shown only if it is shared with (or owned by) the viewer.
    @Sendable func lookup(_ request: Request) async throws -> Response {
        let reference = request.query[String.self, at: "reference"] ?? ""
        do {
            let access = try await CaseAccess.load(reference, for: .viewCase, request: request)
            return request.redirect(to: Href.case(access.record.reference))
        } catch LanternError.notFound {
            let l = SharingPages.localiser(request)
            var errors = FormErrors()
            errors.add("reference", CaseReference.normalised(reference) == nil ? l("sharing.lookup-malformed") : l("sharing.lookup-not-shared"))
            let shares = try await SharedCases.active(for: request)
            var page = SharingPages.sharedWithUs(shares, organisations: [:], lookup: String(reference.prefix(40)), errors: errors,
                                                 today: request.today, l: l)
            // A malformed or empty reference is a mistake to correct (422); a well-formed one
            // that is not shared answers exactly like one that does not exist (404).
            if CaseReference.normalised(reference) == nil { page.status = .unprocessableEntity }
            return request.render(page)
        }
    }
}

/// Shares in force for the viewer's organisation and teams.
enum SharedCases {
    static func active(for request: Request) async throws -> [CaseShare] {
        // Shares in force to the viewer's organisation or one of their teams (the narrowing
        // applies `SharingRules.isActive`).
        let shares = try await request.narrow(CaseShare.query(on: request.db), to: .viewCase,
                                              among: [.sharedWithOrganisation, .sharedWithTeam])
            .with(\.$consent).with(\.$case).sort(\.$grantedAt, .descending).all()
        // Each case's purpose is sealed with that case's key; an erased case's is gone.
        let ciphers = try await request.application.lantern.caseKeys.ciphers(for: Set(shares.map { $0.$case.id }), on: request.db)
        for share in shares { try share.open(using: ciphers[share.$case.id]) }
        return shares
    }
}
