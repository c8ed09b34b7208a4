import Fluent
import Vapor
import LanternCore

/// The problem profile's figures after the decision (`/profile/after-the-decision`) and
/// their CSV download: the same access as the profile page (`viewStatistics`), answered
/// through the profile's question gate (one question at a time per person, time-limited).
struct AfterDecisionController {
    func register(_ routes: LanternRoutes) {
        routes.get(ProfilePaths.afterTheDecision, access: .action(.viewStatistics), use: page)
        routes.get(ProfilePaths.afterTheDecisionCSV, access: .action(.viewStatistics), use: downloadCSV)
    }

    struct Parameters: Content {
        var from: String?
        var to: String?
        var by: String?
    }

    /// The question as typed and, when it is fine, its release; refused questions give
    /// (field, message) problems in the page's language.
    static func answer(_ request: Request, l: Localiser) async throws -> (Parameters, Result<AfterDecisionRelease, LanternError>) {
        let parameters = (try? request.query.decode(Parameters.self)) ?? Parameters()
        switch AfterDecisionFigures.Question.parse(from: parameters.from, to: parameters.to, rows: parameters.by, today: request.today) {
        case .failure(let problems):
            return (parameters, .failure(.invalid(problems.items.map { (field: $0.field, message: AfterDecisionPages.message($0.problem, l: l)) })))
        case .success(let question):
            let services = request.application.lantern
            let person = try request.requireSignedIn().userID
            let db = request.db, today = request.today, now = services.now
            let rules = DisclosureRules(threshold: services.settings.disclosureThreshold)
            let release = try await services.profileQuestions.answer(for: person) {
                try await AfterDecisionRelease.build(question, db: db, cipher: services.cipher, boroughs: services.boroughs, rules: rules,
                                                     today: today, now: now)
            }
            return (parameters, .success(release))
        }
    }

    static func queryString(_ release: AfterDecisionRelease) -> String {
        var components = URLComponents()
        components.queryItems = [.init(name: "from", value: release.question.from.text), .init(name: "to", value: release.question.to.text),
                                 .init(name: "by", value: release.question.rows.rawValue)]
        return components.percentEncodedQuery ?? ""
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        try request.authorise(.viewStatistics)
        let l = AfterDecisionPages.localiser(request)
        let (parameters, answer) = try await Self.answer(request, l: l)
        var model = AfterDecisionPages.Model(from: parameters.from ?? "", to: parameters.to ?? "",
                                             rows: parameters.by ?? AfterDecisionFigures.Rows.borough.rawValue,
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
        return request.render(AfterDecisionPages.render(model, l: l))
    }

    @Sendable func downloadCSV(_ request: Request) async throws -> Response {
        try request.authorise(.viewStatistics)
        let (_, answer) = try await Self.answer(request, l: AfterDecisionPages.localiser(request))
        let release = try answer.get()
        try await request.audit(AuditEvent(action: "profile.exported", recordType: "profile", recordID: "after-the-decision-csv"))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "lantern-after-the-decision.csv")
        return Response(status: .ok, headers: headers,
                        body: .init(string: AfterDecisionPages.csv(release, boroughs: request.application.lantern.boroughs)))
    }
}
