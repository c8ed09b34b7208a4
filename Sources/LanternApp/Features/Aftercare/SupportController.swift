import Fluent
import Vapor
import LanternCore

/// Support episodes on a case: the case section, adding support and ending it. Access as
/// for accommodation (`AccommodationController.readable` / `writable`).
struct SupportController {
    func register(_ routes: LanternRoutes) {
        routes.get(AccommodationPaths.newSupport, access: .action(.editCase), use: newForm)
        routes.post(AccommodationPaths.newSupport, access: .action(.editCase), use: add)
        routes.get(AccommodationPaths.endSupport, access: .action(.editCase), use: endForm)
        routes.post(AccommodationPaths.endSupport, access: .action(.editCase), use: end)
    }

    static func section(_ input: CaseSectionInput) async throws -> HTML? {
        let access = input.access, request = input.request
        guard !access.decisionOnly, let caseID = access.record.id else { return nil }
        let record = try await AccommodationStore.load(caseID, parts: [.support], cipher: access.caseCipher,
                                                       openProviders: access.shows(.identityAndContact), openNotes: false,
                                                       on: request.db)
        try await request.audit(AuditEvent(action: "case.support_viewed", recordType: "case", recordID: caseID.uuidString))
        return SupportPages.section(.init(reference: access.record.reference, support: record.support, today: input.today, canEdit: input.canEdit,
                                          done: request.query[String.self, at: "aftercare"].flatMap(AccommodationPages.Done.init(rawValue:))),
                                    l: AccommodationPages.localiser(request))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        let access = try await AccommodationController.writable(request)
        return request.render(SupportPages.new(.init(reference: access.record.reference, input: .init(from: request.today.iso), errors: FormErrors(),
                                                     csrf: request.csrfToken), l: AccommodationPages.localiser(request)))
    }

    struct SupportForm: Content {
        var kind: String?
        var provider: String?
        var from: String?
        var until: String?
        var note: String?
    }

    @Sendable func add(_ request: Request) async throws -> Response {
        let access = try await AccommodationController.writable(request)
        let l = AccommodationPages.localiser(request)
        let form = try request.content.decode(SupportForm.self)
        let input = EpisodeRules.SupportInput(kind: form.kind, provider: form.provider, from: form.from, until: form.until, note: form.note)
        let problems = try await AccommodationStore(request: request).addSupport(input, to: access, l: l)
        guard problems.isEmpty else {
            return request.render(SupportPages.new(.init(reference: access.record.reference, input: input, errors: problems, csrf: request.csrfToken), l: l))
        }
        return request.redirect(to: Href.case(access.record.reference).query("aftercare", AccommodationPages.Done.supportAdded.rawValue)
            .fragment("support"))
    }

    private func episode(_ request: Request, of access: AccessibleCase) async throws -> SupportEpisode {
        guard let id = request.parameters.get("episodeID", as: UUID.self),
              let row = try await SupportEpisode.query(on: request.db).filter(\.$id == id)
                .filter(\.$case.$id == access.record.requireID()).first() else { throw LanternError.notFound }
        return row
    }

    private func endPage(_ access: AccessibleCase, _ row: SupportEpisode, on: String?, reason: String?, note: String?,
                         errors: FormErrors, request: Request) async throws -> Page {
        let l = AccommodationPages.localiser(request)
        let provider = try access.caseCipher.flatMap { cipher in try row.sealedProvider.map { try cipher.open($0, context: row.providerContext) } }
        try await request.audit(AuditEvent(action: "case.support_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        let what = l("aftercare.accommodation.end-what", ["kind": SupportPages.kind(row.kind, l: l) + (provider.map { " (\($0))" } ?? ""),
                                            "date": l.day(Day(daysSinceEpoch: row.fromDay))])
        return AccommodationPages.end(.init(reference: access.record.reference, title: l("aftercare.accommodation.end-support-title"), what: what,
                                            action: Href.endSupport(access.record.reference, row.id?.uuidString ?? ""),
                                            reasons: SupportEndReason.allCases.map { ($0.rawValue, $0.label(l)) },
                                            on: on, reason: reason, note: note, errors: errors, csrf: request.csrfToken, fragment: "support"),
                                      l: l)
    }

    @Sendable func endForm(_ request: Request) async throws -> Response {
        let access = try await AccommodationController.writable(request)
        let row = try await episode(request, of: access)
        return request.render(try await endPage(access, row, on: request.today.iso, reason: nil, note: nil, errors: FormErrors(), request: request))
    }

    @Sendable func end(_ request: Request) async throws -> Response {
        let access = try await AccommodationController.writable(request)
        let row = try await episode(request, of: access)
        let form = try request.content.decode(AccommodationController.EndForm.self)
        let problems = try await AccommodationStore(request: request).endSupport(try row.requireID(), on: form.on, reason: form.reason, note: form.note,
                                                                                 of: access, l: AccommodationPages.localiser(request))
        guard problems.isEmpty else {
            return request.render(try await endPage(access, row, on: form.on, reason: form.reason, note: form.note, errors: problems, request: request))
        }
        return request.redirect(to: Href.case(access.record.reference).query("aftercare", AccommodationPages.Done.supportEnded.rawValue)
            .fragment("support"))
    }
}
