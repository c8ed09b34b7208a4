import Fluent
import Vapor
import LanternCore

/// The problem profile: the dashboard, its downloads, the public statistics page and the
/// API, all answering from one `ProfileRelease` so every face shows the same figures.
struct ProfileController {
    func register(_ routes: LanternRoutes) {
        routes.get(ProfilePaths.dashboard, access: .action(.viewStatistics), use: dashboard)
        routes.get(ProfilePaths.downloadCSV, access: .action(.viewStatistics), use: downloadCSV)
        routes.get(ProfilePaths.downloadJSON, access: .action(.viewStatistics), use: downloadJSON)
        routes.api.get(ProfilePaths.api, access: .action(.viewStatistics), use: api)
    }

    /// Parses the question and builds its release; bad input is thrown as field errors.
    /// `measures` are the imported measures, when the caller has already read them.
    static func release(_ request: Request, measures known: [String]? = nil) async throws -> (ProfileRequest, ProfileRelease) {
        let parameters = try request.query.decode(ProfileParameters.self)
        let measures: [String]
        if let known { measures = known } else { measures = try await DatasetStore.measures(on: request.db) }
        let services = request.application.lantern
        var question = try ProfileRequest.parse(parameters, today: request.today, catalogue: services.boroughs, measures: measures)
        if case .imported(let measure) = question.source {
            let repository = DatasetProfileRepository(db: request.db, boroughs: services.boroughs, scope: question.scope)
            question = try await Self.wholeYears(question, parameters: parameters, measure: measure, repository: repository) {
                try ProfileRequest.parse($0, today: request.today, catalogue: services.boroughs, measures: measures)
            }
            try await Self.refuseLondonWhereTheSourceHasNone(question, measure: measure, repository: repository)
            let coverage = try await repository.coverage(measure: measure, from: question.query.from, to: question.query.to)
            if (parameters.rows ?? "").isEmpty, !coverage.records(question.query.dimensions[0]),
               let recorded = DatasetProfileRepository.supported.first(where: coverage.records) {
                // No rows were asked for and the default is not in this source: count by what is.
                var chosen = question.parameters
                chosen.rows = recorded.rawValue
                question = try ProfileRequest.parse(chosen, today: request.today, catalogue: services.boroughs, measures: measures)
            }
            try Self.refuseWhatIsNotRecorded(question, coverage: coverage)
        }
        let person = try request.requireSignedIn().userID
        let db = request.db, readers = request.parallelReaders, asked = question
        let release = try await services.profileQuestions.answer(for: person) {
            try await ProfileRelease.build(asked, db: db, readers: readers, boroughs: services.boroughs,
                                           rules: DisclosureRules(threshold: services.settings.disclosureThreshold),
                                           now: services.now)
        }
        return (question, release)
    }

    /// A source that counts whole years (the CTDC's) is asked about whole years: a span that
    /// cuts one would leave that year out and show it as nothing, or ask for quarters it does
    /// not have. The default span is narrowed to the whole years within it; a span chosen is
    /// refused with the reason.
    static func wholeYears(_ question: ProfileRequest, parameters: ProfileParameters, measure: String,
                           repository: DatasetProfileRepository,
                           parse: (ProfileParameters) throws -> ProfileRequest) async throws -> ProfileRequest {
        let (from, to) = (question.query.from, question.query.to)
        guard from.quarter != 1 || to.quarter != 4,
              try await repository.countsWholeYears(measure: measure, from: from, to: to) else { return question }
        let chosen = !(parameters.from ?? "").isEmpty || !(parameters.to ?? "").isEmpty
        let first = from.quarter == 1 ? from : Quarter(year: from.year + 1, quarter: 1)
        let last = to.quarter == 4 ? to : Quarter(year: to.year - 1, quarter: 4)
        guard !chosen, let first, let last, first <= last else {
            throw LanternError.invalid([("from", "\(question.source.label) counts whole years: choose a span from a year's first quarter "
                                         + "(Q1) to a year's last (Q4), such as \(from.year)-Q1 to \(to.year)-Q4")])
        }
        var whole = parameters
        whole.from = first.text
        whole.to = last.text
        return try parse(whole)
    }

    /// A national table that names none of London's bodies (the Home Office's local authority
    /// table counts all councils as one line) cannot say what London's part is: refused by
    /// name rather than answered with nothing.
    static func refuseLondonWhereTheSourceHasNone(_ question: ProfileRequest, measure: String,
                                                  repository: DatasetProfileRepository) async throws {
        guard question.scope == .london else { return }
        let (from, to) = (question.query.from, question.query.to)
        guard try await !repository.hasFigures(measure: measure, from: from, to: to) else { return }
        var everywhere = repository
        everywhere.scope = .national
        guard try await everywhere.hasFigures(measure: measure, from: from, to: to) else { return }
        throw LanternError.invalid([("scope", "London's figures are not available in this source (\(question.source.label)): "
                                     + "its tables count a wider area without naming London's part; choose all areas the tables cover")])
    }

    /// A question about something the source does not record is refused by name, not
    /// answered with a zero for every value.
    static func refuseWhatIsNotRecorded(_ question: ProfileRequest, coverage: SourceCoverage) throws {
        let gaps = coverage.unanswerable(question.query)
        let countFields = ["rows", "columns", "pages"]
        let filterFields: [ProfileDimension: String] = [.ageGroup: "ageGroup", .exploitationType: "exploitationType",
                                                        .gender: "gender", .boroughIdentified: "borough"]
        var problems: [(field: String, message: String)] = []
        for dimension in gaps.countedBy {
            let index = question.query.dimensions.firstIndex(of: dimension) ?? 0
            problems.append((countFields[min(index, 2)], Self.notRecorded(dimension, in: question.source)))
        }
        for dimension in gaps.filteredBy {
            problems.append((filterFields[dimension] ?? "source", Self.notRecorded(dimension, in: question.source)))
        }
        guard problems.isEmpty else { throw LanternError.invalid(problems) }
    }

    static func notRecorded(_ dimension: ProfileDimension, in source: ProfileSource) -> String {
        "\(dimension.label) is not available in this source (\(source.label)): choose another"
    }

    @Sendable func dashboard(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewStatistics)
        let policy = request.accessPolicy
        let l = ProfilePages.localiser(request)
        var model = ProfilePages.Dashboard(parameters: (try? request.query.decode(ProfileParameters.self)) ?? ProfileParameters(),
                                           errors: FormErrors(), measures: try await DatasetStore.measures(on: request.db),
                                           boroughs: request.application.lantern.boroughs,
                                           canImport: policy.allowsSome(context.roles, .importStatistics),
                                           seesAgreements: policy.allowsSome(context.roles, .recordDataSharingAgreements)
                                               || policy.allowsSome(context.roles, .viewExactFigures))
        do {
            let (question, release) = try await Self.release(request, measures: model.measures)
            if policy.allowsSome(context.roles, .viewIntelligence) {
                model.intelligence = try await IntelligenceController.beside(question.query, request: request, context: context)
            }
            model.release = release
            model.queryString = question.queryString
        } catch LanternError.invalid(let items) {
            for item in items { model.errors.add(item.field, item.message) }
        }
        return request.render(ProfilePages.dashboard(model, l: l))
    }

    @Sendable func downloadCSV(_ request: Request) async throws -> Response {
        try request.authorise(.viewStatistics)
        let (_, release) = try await Self.release(request)
        try await request.audit(AuditEvent(action: "profile.exported", recordType: "profile", recordID: "csv"))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "lantern-profile.csv")
        return Response(status: .ok, headers: headers, body: .init(string: ProfileExport.csv(release)))
    }

    @Sendable func downloadJSON(_ request: Request) async throws -> Response {
        try request.authorise(.viewStatistics)
        let (_, release) = try await Self.release(request)
        try await request.audit(AuditEvent(action: "profile.exported", recordType: "profile", recordID: "json"))
        let response = try await ProfileExport.dto(release).encodeResponse(for: request)
        response.headers.contentDisposition = .init(.attachment, filename: "lantern-profile.json")
        return response
    }

    @Sendable func api(_ request: Request) async throws -> ProfileExport.ReleaseDTO {
        try request.authorise(.viewStatistics)
        let (_, release) = try await Self.release(request)
        return ProfileExport.dto(release)
    }
}

extension ProfileExport.ReleaseDTO: Content {}
