import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/training/coverage`: people holding valid training (of every course, or of one) by borough
/// and kind of agency, on London's tile map and as tables, with the gaps listed, and as CSV
/// and JSON. One grouped statement, which returns a row per member trained and per cell, not per completion.
struct TrainingCoverageController {
    func register(_ routes: LanternRoutes) {
        routes.get(TrainingPaths.coverage, access: .action(.viewTrainingCoverage), use: page)
        routes.get(TrainingPaths.coverageCSV, access: .action(.viewTrainingCoverage), use: csv)
        routes.get(TrainingPaths.coverageJSON, access: .action(.viewTrainingCoverage), use: json)
    }

    /// The course asked for (`?course=`): nil for every course; a problem for an unknown one.
    static func course(_ request: Request) async throws -> Result<TrainingCourse?, FormErrors> {
        guard let text = request.query[String.self, at: "course"], !text.isEmpty else { return .success(nil) }
        if let id = UUID(exactly: text), let course = try await TrainingCourse.find(id, on: request.db) { return .success(course) }
        var errors = FormErrors()
        errors.add("course", TrainingAccess.localiser(request)("training.coverage.error.course"))
        return .failure(errors)
    }

    private struct GroupRow: Decodable { let borough_code: String?; let agency_kind: String?; let user_id: UUID?; let n: Int }

    /// Valid completions today, counted by person: one grouped statement (by borough, agency
    /// and member, in the order of the `training_completions_coverage` index), folded into
    /// every cell and total by `TrainingCoverage(groups:)`. It returns a row per member trained
    /// and one per cell for everyone else, whatever the number of completions.
    static func coverage(courseID: UUID?, today: Day, on db: any Database) async throws -> TrainingCoverage {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        var valid: SQLQueryString = "(valid_until IS NULL OR valid_until >= \(bind: today.daysSinceEpoch))"
        if let courseID { valid = "\(valid) AND course_id = \(bind: courseID)" }
        let rows = try await sql.raw("""
            SELECT borough_code, agency_kind, user_id, COUNT(*) AS n FROM training_completions WHERE \(valid)
            GROUP BY borough_code, agency_kind, user_id
            """).all(decoding: GroupRow.self)
        return TrainingCoverage(groups: rows.map {
            TrainingCoverage.Group(borough: $0.borough_code, agency: $0.agency_kind, member: $0.user_id, completions: $0.n)
        })
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let services = request.application.lantern
        let chosen = try await Self.course(request)
        let course = (try? chosen.get()) ?? nil
        let coverage = try await Self.coverage(courseID: course?.id, today: services.today, on: request.db)
        let courses = try await TrainingCourse.query(on: request.db).sort(\.$title).limit(500).all()
        try await request.audit(AuditEvent(action: "training_coverage.viewed", recordType: "organisation", recordID: context.organisationID.uuidString))
        var page = TrainingPages.coverage(.init(coverage: coverage, boroughs: services.boroughs, courseID: course?.id?.uuidString,
                                                courseTitle: course?.title, courses: courses.compactMap { c in c.id.map { ($0.uuidString, c.title) } },
                                                today: services.today, errors: (chosen.failureValue) ?? FormErrors()),
                                          l: TrainingAccess.localiser(request))
        if chosen.failureValue != nil { page.status = .unprocessableEntity }
        return request.render(page)
    }

    struct CellDTO: Content { var boroughCode: String; var boroughName: String; var agencyKind: String; var people: Int }
    struct CoverageDTO: Content {
        var asOf: String; var course: String?; var total: Int; var byAgency: [String: Int]; var cells: [CellDTO]; var untrainedBoroughs: [String]
    }

    static func rows(_ coverage: TrainingCoverage, boroughs: BoroughCatalogue) -> [CellDTO] {
        boroughs.all.flatMap { borough in
            AgencyKind.allCases.map { CellDTO(boroughCode: borough.onsCode, boroughName: borough.name, agencyKind: $0.rawValue,
                                              people: coverage.people(in: borough.onsCode, $0)) }
        }
    }

    @Sendable func json(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let services = request.application.lantern
        guard case .success(let course) = try await Self.course(request) else {
            throw Abort(.unprocessableEntity, reason: TrainingAccess.localiser(request)("training.coverage.error.course"))
        }
        let coverage = try await Self.coverage(courseID: course?.id, today: services.today, on: request.db)
        try await request.audit(AuditEvent(action: "training_coverage.exported", recordType: "organisation", recordID: context.organisationID.uuidString))
        let body = CoverageDTO(asOf: services.today.iso, course: course?.title, total: coverage.total,
                               byAgency: Dictionary(uniqueKeysWithValues: AgencyKind.allCases.map { ($0.rawValue, coverage.agencyTotals[$0] ?? 0) }),
                               cells: Self.rows(coverage, boroughs: services.boroughs),
                               untrainedBoroughs: coverage.untrainedBoroughs(services.boroughs.all.map(\.onsCode)))
        let response = try await body.encodeResponse(for: request)
        response.headers.contentDisposition = .init(.attachment, filename: "training-coverage-\(services.today.iso).json")
        return response
    }

    @Sendable func csv(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let services = request.application.lantern
        guard case .success(let course) = try await Self.course(request) else {
            throw Abort(.unprocessableEntity, reason: TrainingAccess.localiser(request)("training.coverage.error.course"))
        }
        let coverage = try await Self.coverage(courseID: course?.id, today: services.today, on: request.db)
        try await request.audit(AuditEvent(action: "training_coverage.exported", recordType: "organisation", recordID: context.organisationID.uuidString))
        let text = CSVText.document(header: ["borough_code", "borough_name", "agency_kind", "people_with_valid_training", "as_of", "course"],
                                    rows: Self.rows(coverage, boroughs: services.boroughs).map {
                                        [$0.boroughCode, $0.boroughName, $0.agencyKind, String($0.people), services.today.iso, course?.title ?? "all"]
                                    })
        return ContactsExport.csvResponse(text, filename: "training-coverage-\(services.today.iso).csv")
    }
}

extension Result {
    var failureValue: Failure? { if case .failure(let f) = self { f } else { nil } }
}
