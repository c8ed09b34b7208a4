import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// The annual report: its page (the secretariat's narrative around the figures, a year not
/// yet over as a part-year against the same quarters before), the same report as a PDF made
/// on the server, and the form the secretariat writes the narrative in. Pages:
/// `AnnualReportPages`.
struct AnnualReportController {
    /// The longest a section may be, in characters (about four pages of print).
    static let sectionLimit = 10_000

    func register(_ routes: LanternRoutes) {
        routes.get(ProfilePaths.annualReport, access: .action(.viewStatistics), use: page)
        routes.get(ProfilePaths.annualReportPDF, access: .action(.viewStatistics), use: pdf)
        routes.get(ProfilePaths.annualReportNarrative, access: .action(.editAnnualReport), use: editForm)
        routes.post(ProfilePaths.annualReportNarrative, access: .action(.editAnnualReport), use: save)
    }

    struct YearQuery: Content { var year: String? }

    /// The years one may choose (the last ten), the one chosen (this year by default), and
    /// an error when the choice is not one of them.
    static func year(_ request: Request, l: Localiser) -> (year: Int, years: [Int], errors: FormErrors) {
        let current = request.today.components.year
        let years = Array((current - 9)...current).reversed().map { $0 }
        let text = (try? request.query.decode(YearQuery.self))?.year ?? ""
        var errors = FormErrors(), year = current
        if !text.isEmpty {
            if let chosen = Int(text), years.contains(chosen) { year = chosen } else { errors.add("year", l("annual-report.year-error")) }
        }
        return (year, years, errors)
    }

    static func model(_ request: Request, l: Localiser) async throws -> AnnualReportPages.Model {
        let context = try request.authorise(.viewStatistics)
        let services = request.application.lantern
        let (year, years, errors) = Self.year(request, l: l)
        let report = try await AnnualReport.build(year: year, through: AnnualReport.lastCompleteQuarter(of: year, today: request.today),
                                                  db: request.db, boroughs: services.boroughs,
                                                  rules: DisclosureRules(threshold: services.settings.disclosureThreshold), now: services.now)
        let narrative = try await AnnualReportNarrative.query(on: request.db).filter(\.$year == year).first()
        return AnnualReportPages.Model(report: report, years: years, errors: errors, narrative: narrative,
                                       canEdit: request.accessPolicy.allowsSome(context.roles, .editAnnualReport))
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let l = AnnualReportPages.localiser(request)
        return request.render(AnnualReportPages.render(try await Self.model(request, l: l), l: l))
    }

    @Sendable func pdf(_ request: Request) async throws -> Response {
        let l = AnnualReportPages.localiser(request)
        let model = try await Self.model(request, l: l)
        guard model.errors.isEmpty else { return request.render(AnnualReportPages.render(model, l: l)) }
        let document = AnnualReportPages.document(model, l: l)
        let pdf = try await HeadlessPrinter.pdf(of: document)
        try await request.audit(AuditEvent(action: "profile.exported", recordType: "profile", recordID: "annual-report-pdf"))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "pdf")
        headers.contentDisposition = .init(.attachment, filename: "lantern-annual-report-\(model.report.year).pdf")
        return Response(status: .ok, headers: headers, body: .init(data: pdf))
    }

    // MARK: The narrative

    struct NarrativeInput: Content {
        var year: String?
        var version: String?
        var foreword: String?
        var context: String?
        var achievements: String?
        var challenges: String?
        var next_steps: String?

        func text(_ section: AnnualReportNarrative.Section) -> String {
            let raw = switch section {
            case .foreword: foreword
            case .context: context
            case .achievements: achievements
            case .challenges: challenges
            case .nextSteps: next_steps
            }
            // Line endings as a browser sends them (CRLF) kept as plain new lines.
            return (raw ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    @Sendable func editForm(_ request: Request) async throws -> Response {
        try request.authorise(.editAnnualReport)
        let l = AnnualReportPages.localiser(request)
        let (year, _, errors) = Self.year(request, l: l)
        guard errors.isEmpty else { throw LanternError.invalid(errors.items) }
        let narrative = try await AnnualReportNarrative.query(on: request.db).filter(\.$year == year).first()
        var texts: [AnnualReportNarrative.Section: String] = [:]
        for section in AnnualReportNarrative.Section.allCases { texts[section] = narrative?.text(section) ?? "" }
        return request.render(AnnualReportPages.narrativeForm(.init(year: year, version: narrative?.version ?? 0, texts: texts,
                                                                    errors: FormErrors(), csrf: request.csrfToken), l: l))
    }

    @Sendable func save(_ request: Request) async throws -> Response {
        let context = try request.authorise(.editAnnualReport)
        let l = AnnualReportPages.localiser(request)
        let input = (try? request.content.decode(NarrativeInput.self)) ?? NarrativeInput()
        let current = request.today.components.year
        guard let year = input.year.flatMap({ Int($0) }), ((current - 9)...current).contains(year) else {
            throw LanternError.invalid([("year", l("annual-report.year-error"))])
        }
        let version = input.version.flatMap { Int($0) } ?? -1
        var texts: [AnnualReportNarrative.Section: String] = [:]
        var errors = FormErrors()
        for section in AnnualReportNarrative.Section.allCases {
            let text = input.text(section)
            texts[section] = text
            if text.count > Self.sectionLimit {
                errors.add(section.rawValue, l("annual-report.narrative-too-long", ["limit": l.number(Self.sectionLimit)]))
            } else if ControlCharacters.present(in: text, allowingLineBreaks: true) {
                errors.add(section.rawValue, l("annual-report.narrative-characters"))
            }
        }
        func again(_ errors: FormErrors, status: HTTPStatus, version: Int = version) -> Response {
            var page = AnnualReportPages.narrativeForm(.init(year: year, version: version, texts: texts, errors: errors, csrf: request.csrfToken), l: l)
            page.status = status
            return request.render(page)
        }
        guard errors.isEmpty else { return again(errors, status: .unprocessableEntity) }
        let saved = try await Self.store(texts, year: year, over: version, by: context.userID, request: request)
        guard saved else {
            // The form comes back with this person's text over the version now saved: sending
            // it again replaces the other's, knowingly.
            var conflict = FormErrors()
            conflict.add("foreword", l("annual-report.narrative-conflict"))
            let current = try await AnnualReportNarrative.query(on: request.db).filter(\.$year == year).first()?.version ?? 0
            return again(conflict, status: .conflict, version: current)
        }
        return request.redirect(to: Href.annualReport.query("year", String(year)))
    }

    /// Saves the narrative over the version the editor opened, in one guarded statement (or
    /// the first insert, which the unique year decides); false when someone saved since.
    static func store(_ texts: [AnnualReportNarrative.Section: String], year: Int, over version: Int, by person: UUID,
                      request: Request) async throws -> Bool {
        let now = request.application.lantern.now
        if version == 0 {
            let narrative = AnnualReportNarrative()
            narrative.id = UUID()
            narrative.year = year
            narrative.foreword = texts[.foreword] ?? ""
            narrative.context = texts[.context] ?? ""
            narrative.achievements = texts[.achievements] ?? ""
            narrative.challenges = texts[.challenges] ?? ""
            narrative.nextSteps = texts[.nextSteps] ?? ""
            narrative.version = 1
            narrative.updatedBy = person
            narrative.updatedAt = now
            do {
                try await request.db.transaction { tx in
                    try await narrative.create(on: tx)
                    try await request.audit(AuditEvent(action: "annual_report.narrative_saved", recordType: "annual_report",
                                                       recordID: String(year)), on: tx)
                }
                return true
            } catch {
                // Another first save won the year's row.
                if try await AnnualReportNarrative.query(on: request.db).filter(\.$year == year).first() != nil { return false }
                throw error
            }
        }
        return try await request.db.transaction { tx -> Bool in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            guard try await sql.update(AnnualReportNarrative.schema)
                .set("foreword", to: texts[.foreword] ?? "").set("context", to: texts[.context] ?? "")
                .set("achievements", to: texts[.achievements] ?? "").set("challenges", to: texts[.challenges] ?? "")
                .set("next_steps", to: texts[.nextSteps] ?? "")
                .set(SQLIdentifier("version"), to: SQLBinaryExpression(SQLIdentifier("version"), .add, SQLBind(1)))
                .set("updated_by", to: person).set("updated_at", to: now)
                .where("year", .equal, year).where("version", .equal, version)
                .returning("id").first() != nil else { return false }
            try await request.audit(AuditEvent(action: "annual_report.narrative_saved", recordType: "annual_report",
                                               recordID: String(year)), on: tx)
            return true
        }
    }
}
