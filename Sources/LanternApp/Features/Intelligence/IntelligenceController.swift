import Fluent
import Vapor
import LanternCore

/// Soft intelligence: graded reports about an area, listed beside the figures for the same
/// borough and period. The text is sealed at rest; every read and write is audited. A
/// report belongs to the organisation that recorded it; analysts read all of them.
struct IntelligenceController {
    func register(_ routes: LanternRoutes) {
        routes.get(IntelligencePaths.list, access: .action(.viewIntelligence), use: list)
        routes.get(IntelligencePaths.new, access: .action(.recordIntelligence), use: newForm)
        routes.post(IntelligencePaths.new, access: .action(.recordIntelligence), use: create)
        routes.get(IntelligencePaths.show, access: .action(.viewIntelligence), use: show)
    }

    struct Form: Content {
        var reportedOn: String?
        var borough: String?
        var ward: String?
        var exploitationTypes: [String]?
        var indicators: [String]?
        var sourceType: String?
        var sourceEvaluation: String?
        var assessment: String?
        var handling: String?
        var text: String?

        var draft: IntelligenceReportDraft {
            IntelligenceReportDraft(reportedOn: reportedOn.flatMap { Day(iso: $0.trimmingCharacters(in: .whitespaces)) },
                                    borough: borough ?? "", ward: (ward ?? "").trimmingCharacters(in: .whitespaces),
                                    exploitationTypes: exploitationTypes ?? [], indicators: indicators ?? [],
                                    sourceType: sourceType ?? "", sourceEvaluation: sourceEvaluation ?? "",
                                    assessment: assessment ?? "", handling: handling ?? "", text: text ?? "")
        }
    }

    struct Filters: Content {
        var borough: String?
        var from: String?
        var to: String?
    }

    /// Reports the viewer may read: the one narrowing (`Request.narrow`), in SQL.
    static func visible(_ request: Request) async throws -> QueryBuilder<IntelligenceReport> {
        try await request.narrow(IntelligenceReport.query(on: request.db), to: .viewIntelligence)
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewIntelligence)
        let f = (try? request.query.decode(Filters.self)) ?? Filters()
        var query = try await Self.visible(request).sort(\.$reportedOn, .descending).limit(200)
        if let borough = f.borough, !borough.isEmpty { query = query.filter(\.$borough == borough) }
        if let from = f.from.flatMap(Quarter.init(text:)) { query = query.filter(\.$quarter >= from.code) }
        if let to = f.to.flatMap(Quarter.init(text:)) { query = query.filter(\.$quarter <= to.code) }
        let reports = try await query.all()
        try await request.audit(AuditEvent(action: "intelligence.listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        let canRecord = request.accessPolicy.allowsSome(context.roles, .recordIntelligence)
        return request.render(IntelligencePages.list(.init(reports: reports, filters: f, boroughs: request.application.lantern.boroughs,
                                                           canRecord: canRecord), l: IntelligencePages.localiser(request)))
    }

    @Sendable func newForm(_ request: Request) async throws -> Response {
        try request.authoriseCreating(.recordIntelligence)
        var form = Form()
        form.reportedOn = request.today.iso
        return request.render(IntelligencePages.new(.init(form: form, errors: FormErrors(), boroughs: request.application.lantern.boroughs,
                                                          csrf: request.csrfToken), l: IntelligencePages.localiser(request)))
    }

    @Sendable func create(_ request: Request) async throws -> Response {
        let context = try request.authoriseCreating(.recordIntelligence)
        let form = try request.content.decode(Form.self)
        let draft = form.draft
        let boroughs = request.application.lantern.boroughs
        let problems = draft.problems(today: request.today) { boroughs.borough(code: $0) != nil }
        guard problems.isEmpty, let day = draft.reportedOn else {
            var errors = FormErrors()
            for problem in problems { errors.add(problem.field, problem.message) }
            return request.render(IntelligencePages.new(.init(form: form, errors: errors, boroughs: boroughs, csrf: request.csrfToken),
                                                        l: IntelligencePages.localiser(request)))
        }
        let services = request.application.lantern
        let report = IntelligenceReport()
        report.id = UUID()
        report.reference = "INT-" + String(CaseReference.generate().dropFirst(4))
        report.$organisation.id = context.organisationID
        report.createdBy = context.userID
        report.createdAt = services.now
        report.reportedOn = day.daysSinceEpoch
        report.quarter = Quarter(containing: day).code
        report.borough = draft.borough
        report.ward = draft.ward.isEmpty ? nil : draft.ward
        report.exploitationTypes = draft.exploitationTypes.joined(separator: ",")
        report.indicators = draft.indicators.joined(separator: ",")
        report.sourceType = draft.sourceType
        report.sourceEvaluation = draft.sourceEvaluation
        report.assessment = draft.assessment
        report.handling = draft.handling
        report.sealedText = try services.cipher.seal(draft.text, context: report.textSealContext)
        try await request.db.transaction { tx in
            try await report.create(on: tx)
            try await request.audit(AuditEvent(action: "intelligence.recorded", recordType: "intelligence", recordID: report.id?.uuidString), on: tx)
        }
        return request.redirect(to: Href.intelligenceReport(report.reference).query("created", "1"))
    }

    @Sendable func show(_ request: Request) async throws -> Response {
        try request.authorise(.viewIntelligence)
        guard let reference = request.parameters.get("reportReference"),
              let report = try await Self.visible(request).filter(\.$reference == reference).first() else {
            throw LanternError.notFound
        }
        let text = try request.application.lantern.cipher.open(report.sealedText, context: report.textSealContext)
        try await request.audit(AuditEvent(action: "intelligence.viewed", recordType: "intelligence", recordID: report.id?.uuidString))
        return request.render(IntelligencePages.show(.init(report: report, text: text, boroughs: request.application.lantern.boroughs,
                                                           created: (try? request.query.get(String.self, at: "created")) != nil),
                                                     l: IntelligencePages.localiser(request)))
    }

    /// The reports for a dashboard question's area and period, listed under its figures
    /// (grading and indicators only; the text is one click away, and audited there).
    static func beside(_ query: ProfileQuery, request: Request, context: SignInContext) async throws -> IntelligencePages.Beside {
        var reports = try await visible(request)
            .filter(\.$quarter >= query.from.code).filter(\.$quarter <= query.to.code).sort(\.$reportedOn, .descending)
        if let boroughs = query.filters[.boroughIdentified], !boroughs.isEmpty { reports = reports.filter(\.$borough ~~ Array(boroughs)) }
        let found = try await reports.limit(20).all()
        return IntelligencePages.Beside(reports: found, boroughs: request.application.lantern.boroughs, from: query.from, to: query.to)
    }
}

extension IntelligenceReport: NarrowableRecord {
    /// A report belongs to the organisation that recorded it.
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<IntelligenceReport>? {
        let own = viewpoint.context.organisationID
        return relation == .sameOrganisation ? RecordCondition { $0.filter(\.$organisation.$id == own) } : nil
    }
}
