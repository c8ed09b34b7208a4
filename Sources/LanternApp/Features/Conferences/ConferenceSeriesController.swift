import Fluent
import Foundation
import LanternCore
import Vapor

/// `/conferences`: the series the viewer's organisation hosts (with their meetings) and the
/// meetings the viewer sits on; the host's lead sets up a series (`manageConferences`).
struct ConferenceSeriesController {
    func register(_ routes: LanternRoutes) {
        routes.get(ConferencePaths.list, access: .anyAction([.viewCaseConference, .manageConferences]), use: list)
        routes.get(ConferencePaths.newSeries, access: .action(.manageConferences), use: newForm)
        routes.post(ConferencePaths.newSeries, access: .action(.manageConferences), use: create)
    }

    struct SeriesForm: Content { var name: String?; var borough: String?; var kind: String?; var accessDays: String? }

    /// What the list shows: the series hosted by the viewer's organisation (if they manage
    /// conferences) and the meetings they are a member or chair of.
    static func overview(_ request: Request) async throws -> ConferencePages.Overview {
        let context = try request.authorise(anyOf: [.viewCaseConference, .manageConferences])
        let db = request.db
        let policy = request.accessPolicy
        let manages = policy.permits(context.roles, .manageConferences, on: .sameOrganisation)
        let hosted = manages ? try await ConferenceSeries.query(on: db).filter(\.$organisationID == context.organisationID).sort(\.$name).all() : []
        let memberOf = try await ConferenceMember.query(on: db).filter(\.$userID == context.userID).all().map(\.meetingID)
        let chairOf = try await ConferenceMeeting.query(on: db).filter(\.$chairUserID == context.userID).all().compactMap(\.id)
        let hostedIDs = hosted.compactMap(\.id)
        let meetings = try await ConferenceMeeting.query(on: db).group(.or) { or in
            or.filter(\.$id ~~ Array(Set(memberOf + chairOf)))
            if !hostedIDs.isEmpty { or.filter(\.$seriesID ~~ hostedIDs) }
        }.sort(\.$heldOn, .descending).limit(500).all()
        let seriesByID = Dictionary(try await ConferenceSeries.query(on: db).filter(\.$id ~~ Array(Set(meetings.map(\.seriesID) + hostedIDs))).all()
            .compactMap { s in s.id.map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
        let boroughs = request.application.lantern.boroughs
        func seriesName(_ s: ConferenceSeries) -> String { "\(s.name) (\(boroughs.borough(code: s.boroughCode)?.name ?? s.boroughCode))" }
        return ConferencePages.Overview(
            canManage: manages,
            series: hosted.map { s in .init(id: s.id?.uuidString ?? "", name: seriesName(s), kind: s.kind, accessDaysAfter: s.accessDaysAfter) },
            meetings: meetings.map { m in
                .init(id: m.id?.uuidString ?? "", series: seriesByID[m.seriesID].map(seriesName) ?? "", heldOn: m.heldDay, state: m.meetingState,
                      chairing: m.chairUserID == context.userID)
            })
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let overview = try await Self.overview(request)
        let context = try request.requireSignedIn()
        try await request.audit(AuditEvent(action: "conferences.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return request.render(ConferencePages.overview(overview, l: ConferenceAccess.localiser(request)))
    }

    private func form(_ request: Request, _ form: SeriesForm, errors: FormErrors) -> Page {
        let services = request.application.lantern
        return ConferencePages.newSeries(.init(name: form.name ?? "", borough: form.borough, kind: form.kind, accessDays: form.accessDays ?? "7",
                                               boroughs: services.boroughs.all.map { ($0.onsCode, $0.name) },
                                               kinds: services.settings.conferenceKinds, errors: errors),
                                         csrf: request.csrfToken, l: ConferenceAccess.localiser(request))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.manageConferences)
        return request.render(form(request, SeriesForm(), errors: FormErrors()))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.manageConferences)
        let input = try request.content.decode(SeriesForm.self)
        let l = ConferenceAccess.localiser(request)
        switch Self.check(input, services: request.application.lantern, l: l) {
        case .failure(let errors):
            return request.render(form(request, input, errors: errors))
        case .success(let checked):
            let series = try await Self.create(checked, context: context, request: request)
            return request.redirect(to: Href.newConferenceMeeting(series.id?.uuidString ?? ""))
        }
    }

    struct CheckedSeries { let name: String; let borough: String; let kind: String; let accessDays: Int }

    static func check(_ input: SeriesForm, services: LanternServices, l: Localiser) -> Result<CheckedSeries, FormErrors> {
        var errors = FormErrors()
        let name = (input.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 120 || name.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) {
            errors.add("name", l("conferences.series.error.name"))
        }
        let borough = input.borough ?? ""
        if services.boroughs.borough(code: borough) == nil { errors.add("borough", l("conferences.series.error.borough")) }
        let kind = input.kind ?? ""
        if !services.settings.conferenceKinds.contains(kind) { errors.add("kind", l("conferences.series.error.kind")) }
        let days = Int((input.accessDays ?? "").trimmingCharacters(in: .whitespaces))
        if days.map({ !ConferenceRules.accessDaysRange.contains($0) }) ?? true {
            errors.add("accessDays", l("conferences.series.error.access-days"))
        }
        guard errors.isEmpty, let days else { return .failure(errors) }
        return .success(CheckedSeries(name: name, borough: borough, kind: kind, accessDays: days))
    }

    static func create(_ checked: CheckedSeries, context: SignInContext, request: Request) async throws -> ConferenceSeries {
        let series = ConferenceSeries(boroughCode: checked.borough, kind: checked.kind, name: checked.name, organisationID: context.organisationID,
                                      accessDaysAfter: checked.accessDays, createdBy: context.userID, createdAt: request.application.lantern.now)
        try await request.db.transaction { tx in
            try await series.create(on: tx)
            try await request.audit(AuditEvent(action: "conference_series.created", recordType: "conference_series", recordID: series.id?.uuidString), on: tx)
        }
        return series
    }
}
