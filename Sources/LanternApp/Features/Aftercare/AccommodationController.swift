import Fluent
import Vapor
import LanternCore

/// Where the person lives: the case section, the full record, adding a stay (optionally
/// ending the open one on its first day) and ending a stay. Reading needs `viewCase` (the
/// owner, or a partner with a full-case share); writing needs `editCase` in the case's own
/// organisation. Anything else answers 404; every read and write is audited.
struct AccommodationController {
    func register(_ routes: LanternRoutes) {
        routes.get(AccommodationPaths.record, access: .action(.viewCase), use: record)
        routes.get(AccommodationPaths.newStay, access: .action(.editCase), use: newStayForm)
        routes.post(AccommodationPaths.newStay, access: .action(.editCase), use: addStay)
        routes.get(AccommodationPaths.endStay, access: .action(.editCase), use: endStayForm)
        routes.post(AccommodationPaths.endStay, access: .action(.editCase), use: endStay)
    }

    /// The case, if the viewer may read its accommodation: not a partner with only the decision.
    static func readable(_ request: Request) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .viewCase, request: request)
        guard !access.decisionOnly else { throw LanternError.notFound }
        return access
    }

    /// The case, if the viewer may change it: its own organisation, `editCase`.
    static func writable(_ request: Request) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: .editCase, request: request)
        guard access.relation == .sameOrganisation else { throw LanternError.notFound }
        return access
    }

    /// The last contact and the last attempt, read with two small queries.
    static func lastContacts(_ caseID: UUID, on db: any Database) async throws -> (contact: AccommodationRecord.Contact?, attempt: AccommodationRecord.Contact?) {
        func read(_ query: QueryBuilder<ContactLogEntry>) async throws -> AccommodationRecord.Contact? {
            try await query.sort(\.$contactOn, .descending).sort(\.$recordedAt, .descending).first().map {
                AccommodationRecord.Contact(id: $0.id?.uuidString ?? "", on: Day(daysSinceEpoch: $0.contactOn), method: $0.method, note: nil)
            }
        }
        let attempted = ContactMethod.attempted.rawValue
        let contact = try await read(ContactLogEntry.query(on: db).filter(\.$case.$id == caseID).filter(\.$method != attempted))
        let attempt = try await read(ContactLogEntry.query(on: db).filter(\.$case.$id == caseID).filter(\.$method == attempted))
        return (contact, attempt.flatMap { a in contact.map { a.on > $0.on ? a : nil } ?? a })
    }

    static func section(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access, request = input.request
        guard !access.decisionOnly, let caseID = access.record.id else { return nil }
        // Where the person stays (the provider) is identity and contact: only a viewer whose share
        // (or conference) carries it reads it; others see the kind of stay and the borough.
        let record = try await AccommodationStore.load(caseID, parts: [.stays], cipher: access.caseCipher,
                                                       openProviders: access.shows(.identityAndContact), openNotes: false,
                                                       on: request.db)
        let (contact, attempt) = try await lastContacts(caseID, on: request.db)
        try await request.audit(AuditEvent(action: "case.accommodation_viewed", recordType: "case", recordID: caseID.uuidString))
        return AccommodationPages.section(.init(
            reference: access.record.reference, stays: record.stays, lastContact: contact, lastAttempt: attempt, today: input.today,
            catalogue: request.application.lantern.boroughs, canEdit: input.canEdit,
            done: request.query[String.self, at: "aftercare"].flatMap(AccommodationPages.Done.init(rawValue:))),
            l: AccommodationPages.localiser(request))
    }

    @Sendable func record(_ request: Request) async throws -> Response {
        let access = try await Self.readable(request)
        let caseID = try access.record.requireID()
        let owner = access.relation == .sameOrganisation
        let record = try await AccommodationStore.load(caseID, parts: [.stays, .support], cipher: access.caseCipher,
                                                       openProviders: access.shows(.identityAndContact),
                                                       openNotes: owner, on: request.db)
        try await request.audit(AuditEvent(action: "case.accommodation_viewed", recordType: "case", recordID: caseID.uuidString))
        let context = try request.requireSignedIn()
        let canEdit = owner && !access.erased && request.accessPolicy.permits(context.roles, .editCase, on: .sameOrganisation)
        return request.render(AccommodationPages.record(.init(reference: access.record.reference, record: record, today: request.today,
                                                              catalogue: request.application.lantern.boroughs, showNotes: owner, canEdit: canEdit),
                                                        l: AccommodationPages.localiser(request)))
    }

    private func stayForm(_ access: AccessibleCase, input: EpisodeRules.AccommodationInput, errors: FormErrors,
                          request: Request) async throws -> Page {
        let caseID = try access.record.requireID()
        let record = try await AccommodationStore.load(caseID, parts: [.stays], cipher: access.caseCipher, openProviders: false, openNotes: false,
                                                       on: request.db)
        try await request.audit(AuditEvent(action: "case.accommodation_viewed", recordType: "case", recordID: caseID.uuidString))
        return AccommodationPages.newStay(.init(reference: access.record.reference, input: input, current: record.current,
                                                catalogue: request.application.lantern.boroughs, errors: errors, csrf: request.csrfToken),
                                          l: AccommodationPages.localiser(request))
    }

    @Sendable func newStayForm(_ request: Request) async throws -> Response {
        let access = try await Self.writable(request)
        return request.render(try await stayForm(access, input: .init(from: request.today.iso), errors: FormErrors(), request: request))
    }

    struct StayForm: Content {
        var kind: String?
        var provider: String?
        var borough: String?
        var from: String?
        var until: String?
        var note: String?
    }

    /// A checkbox's values, sent as `name[]` (or, by hand, `name`): each must be exactly "yes".
    static func box(_ name: String, in request: Request) -> (ticked: Bool, valid: Bool) {
        let values = (try? request.content.get([String].self, at: name))
            ?? (try? request.content.get(String.self, at: name)).map { [$0] } ?? []
        return (!values.isEmpty, values.allSatisfy { $0 == "yes" })
    }

    @Sendable func addStay(_ request: Request) async throws -> Response {
        let access = try await Self.writable(request)
        let l = AccommodationPages.localiser(request)
        let form = try request.content.decode(StayForm.self)
        let box = Self.box("endCurrent", in: request)
        let input = EpisodeRules.AccommodationInput(kind: form.kind, provider: form.provider, borough: form.borough, from: form.from,
                                                    until: form.until, endCurrent: box.ticked && box.valid, note: form.note)
        var problems = FormErrors()
        if !box.valid {
            problems.add("endCurrent", l("aftercare.accommodation.error.checkbox"))
        } else {
            problems = try await AccommodationStore(request: request).addStay(input, to: access, l: l)
        }
        guard problems.isEmpty else {
            return request.render(try await stayForm(access, input: input, errors: problems, request: request))
        }
        return request.redirect(to: Href.case(access.record.reference).query("aftercare", AccommodationPages.Done.stayAdded.rawValue)
            .fragment("accommodation"))
    }

    private func episode(_ request: Request, of access: AccessibleCase) async throws -> AccommodationEpisode {
        guard let id = request.parameters.get("episodeID", as: UUID.self),
              let row = try await AccommodationEpisode.query(on: request.db).filter(\.$id == id)
                .filter(\.$case.$id == access.record.requireID()).first() else { throw LanternError.notFound }
        return row
    }

    private func endPage(_ access: AccessibleCase, _ row: AccommodationEpisode, on: String?, reason: String?, note: String?,
                         errors: FormErrors, request: Request) async throws -> Page {
        let l = AccommodationPages.localiser(request)
        let provider = try access.caseCipher.flatMap { cipher in try row.sealedProvider.map { try cipher.open($0, context: row.providerContext) } }
        try await request.audit(AuditEvent(action: "case.accommodation_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        let what = l("aftercare.accommodation.end-what", ["kind": AccommodationPages.kind(row.kind, l: l) + (provider.map { " (\($0))" } ?? ""),
                                            "date": l.day(Day(daysSinceEpoch: row.fromDay))])
        return AccommodationPages.end(.init(reference: access.record.reference, title: l("aftercare.accommodation.end-stay-title"), what: what,
                                            action: Href.endStay(access.record.reference, row.id?.uuidString ?? ""),
                                            reasons: AccommodationEndReason.allCases.map { ($0.rawValue, $0.label(l)) },
                                            on: on, reason: reason, note: note, errors: errors, csrf: request.csrfToken, fragment: "accommodation"),
                                      l: l)
    }

    @Sendable func endStayForm(_ request: Request) async throws -> Response {
        let access = try await Self.writable(request)
        let row = try await episode(request, of: access)
        return request.render(try await endPage(access, row, on: request.today.iso, reason: nil, note: nil, errors: FormErrors(), request: request))
    }

    struct EndForm: Content {
        var on: String?
        var reason: String?
        var note: String?
    }

    @Sendable func endStay(_ request: Request) async throws -> Response {
        let access = try await Self.writable(request)
        let row = try await episode(request, of: access)
        let form = try request.content.decode(EndForm.self)
        let problems = try await AccommodationStore(request: request).endStay(try row.requireID(), on: form.on, reason: form.reason, note: form.note,
                                                                              of: access, l: AccommodationPages.localiser(request))
        guard problems.isEmpty else {
            return request.render(try await endPage(access, row, on: form.on, reason: form.reason, note: form.note, errors: problems, request: request))
        }
        return request.redirect(to: Href.case(access.record.reference).query("aftercare", AccommodationPages.Done.stayEnded.rawValue)
            .fragment("accommodation"))
    }
}
