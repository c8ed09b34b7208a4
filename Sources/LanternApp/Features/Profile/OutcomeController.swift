import Fluent
import Vapor
import LanternCore

/// The outcome measures (`/profile/outcomes`) and their CSV download: the same access as the
/// profile (`viewStatistics`), answered through the profile's question gate (one question at
/// a time per person, time-limited). The pages: `OutcomePages`.
struct OutcomeController {
    func register(_ routes: LanternRoutes) {
        routes.get(ProfilePaths.outcomes, access: .action(.viewStatistics), use: page)
        routes.get(ProfilePaths.outcomesCSV, access: .action(.viewStatistics), use: downloadCSV)
    }

    struct Parameters: Content {
        var from: String?
        var to: String?
        var by: String?
    }

    /// The question as typed and, when it is fine, its release; refused questions give
    /// (field, message) problems in the page's language.
    static func answer(_ request: Request, l: Localiser) async throws -> (Parameters, Result<OutcomeRelease, LanternError>) {
        let parameters = (try? request.query.decode(Parameters.self)) ?? Parameters()
        var problems: [(field: String, message: String)] = []
        var rows = OutcomeMeasures.Rows.borough
        if let text = parameters.by, !text.isEmpty {
            if let chosen = OutcomeMeasures.Rows(rawValue: text) { rows = chosen } else { problems.append(("by", l("figures.outcome-error-rows"))) }
        }
        switch AfterDecisionFigures.Question.parse(from: parameters.from, to: parameters.to, rows: nil, today: request.today) {
        case .failure(let refused):
            problems += refused.items.map { (field: $0.field, message: AfterDecisionPages.message($0.problem, l: l)) }
            return (parameters, .failure(.invalid(problems)))
        case .success(let question):
            guard problems.isEmpty else { return (parameters, .failure(.invalid(problems))) }
            let services = request.application.lantern
            let person = try request.requireSignedIn().userID
            let db = request.db, now = services.now, rows = rows
            let rules = DisclosureRules(threshold: services.settings.disclosureThreshold)
            let release = try await services.profileQuestions.answer(for: person) {
                try await OutcomeRelease.build(from: question.from, to: question.to, rows: rows, db: db, boroughs: services.boroughs,
                                               rules: rules, now: now)
            }
            return (parameters, .success(release))
        }
    }

    static func queryString(_ release: OutcomeRelease) -> String {
        var components = URLComponents()
        components.queryItems = [.init(name: "from", value: release.from.text), .init(name: "to", value: release.to.text),
                                 .init(name: "by", value: release.rows.rawValue)]
        return components.percentEncodedQuery ?? ""
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        try request.authorise(.viewStatistics)
        let l = OutcomePages.localiser(request)
        let (parameters, answer) = try await Self.answer(request, l: l)
        var model = OutcomePages.Model(from: parameters.from ?? "", to: parameters.to ?? "",
                                       rows: parameters.by ?? OutcomeMeasures.Rows.borough.rawValue,
                                       errors: FormErrors(), release: nil, queryString: "", boroughs: request.application.lantern.boroughs)
        switch answer {
        case .success(let release):
            model.release = release
            model.queryString = Self.queryString(release)
        case .failure(.invalid(let items)):
            for item in items { model.errors.add(item.field, item.message) }
        case .failure(let error):
            throw error
        }
        return request.render(OutcomePages.render(model, l: l))
    }

    @Sendable func downloadCSV(_ request: Request) async throws -> Response {
        try request.authorise(.viewStatistics)
        let (_, answer) = try await Self.answer(request, l: OutcomePages.localiser(request))
        let release = try answer.get()
        try await request.audit(AuditEvent(action: "profile.exported", recordType: "profile", recordID: "outcomes-csv"))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "lantern-outcome-measures.csv")
        return Response(status: .ok, headers: headers, body: .init(string: OutcomePages.csv(release, boroughs: request.application.lantern.boroughs)))
    }
}
