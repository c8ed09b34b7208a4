import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/training/figures` (and `.csv`): the annual report's and the strategy's training and events
/// indicators for one reporting year (`?year=2026` is April 2026 to March 2027; the last ended
/// year by default): sessions held, people trained by agency and borough, the Train-the-Trainer
/// cascade's reach, evaluation scores and events with their attendance. Aggregate statements,
/// so the page costs the same at any number of people; evaluation and feedback figures follow
/// their own disclosure rules (whole sessions of five answers or more; events of five or more).
struct TrainingFiguresController {
    func register(_ routes: LanternRoutes) {
        routes.get(FiguresPaths.page, access: .action(.viewTrainingCoverage), use: page)
        routes.get(FiguresPaths.csv, access: .action(.viewTrainingCoverage), use: csv)
    }

    struct Figures {
        var year: ReportingYear
        var sessionsHeld = 0, sessionsFaceToFace = 0, sessionsOnline = 0, sessionsSelfPaced = 0
        var peopleTrained = 0
        var byAgency: [AgencyKind: Int] = [:]
        var boroughsReached = 0
        var untrainedBoroughs: [String] = []
        var trainTheTrainerSessions = 0, trainersTrained = 0, trainedByTrainers = 0
        var evaluation: EvaluationSummary?
        var eventsHeld = 0, eventPlaces = 0, eventAttended = 0, eventsWithFeedback = 0
        var eventMeanRating: Double?
    }

    private struct Count: Decodable { let n: Int }
    private struct Keyed: Decodable { let k: String?; let n: Int }

    static func figures(_ year: ReportingYear, services: LanternServices, on db: any Database) async throws -> Figures {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let from = year.first.daysSinceEpoch, to = year.last.daysSinceEpoch
        var f = Figures(year: year)
        // Sessions held: on a day of the year, not cancelled, with someone recorded as there.
        let formats = try await sql.raw("""
            SELECT s.format AS k, COUNT(*) AS n FROM training_sessions s
            WHERE s.held_on BETWEEN \(bind: from) AND \(bind: to) AND s.state <> 'cancelled'
            AND EXISTS (SELECT 1 FROM training_completions c WHERE c.session_id = s.id) GROUP BY s.format
            """).all(decoding: Keyed.self)
        for row in formats {
            f.sessionsHeld += row.n
            switch CourseFormat(rawValue: row.k ?? "") {
            case .faceToFace?: f.sessionsFaceToFace += row.n
            case .liveOnline?: f.sessionsOnline += row.n
            case .selfPaced?: f.sessionsSelfPaced += row.n
            case nil: break
            }
        }
        let person: SQLQueryString = "COUNT(DISTINCT COALESCE(CAST(user_id AS TEXT), CAST(registration_id AS TEXT)))"
        let inYear: SQLQueryString = "completed_on BETWEEN \(bind: from) AND \(bind: to)"
        f.peopleTrained = try await sql.raw("SELECT \(person) AS n FROM training_completions WHERE \(inYear)").first(decoding: Count.self)?.n ?? 0
        for row in try await sql.raw("SELECT agency_kind AS k, \(person) AS n FROM training_completions WHERE \(inYear) GROUP BY agency_kind")
            .all(decoding: Keyed.self) {
            if let kind = row.k.flatMap(AgencyKind.init(rawValue:)) { f.byAgency[kind, default: 0] += row.n }
        }
        let reached = Set(try await sql.raw("""
            SELECT borough_code AS k, COUNT(*) AS n FROM training_completions WHERE \(inYear) AND borough_code IS NOT NULL GROUP BY borough_code
            """).all(decoding: Keyed.self).compactMap(\.k))
        f.boroughsReached = reached.count
        f.untrainedBoroughs = services.boroughs.all.filter { !reached.contains($0.onsCode) }.map(\.name).sorted()
        // The cascade: Train-the-Trainer sessions held, the trainers they made, and the people
        // those trainers (of any year) trained this year.
        f.trainTheTrainerSessions = try await sql.raw("""
            SELECT COUNT(DISTINCT c.session_id) AS n FROM training_completions c JOIN training_courses k ON k.id = c.course_id
            WHERE k.train_the_trainer = \(bind: true) AND c.\(inYear)
            """).first(decoding: Count.self)?.n ?? 0
        f.trainersTrained = try await sql.raw("""
            SELECT COUNT(DISTINCT c.user_id) AS n FROM training_completions c JOIN training_courses k ON k.id = c.course_id
            WHERE k.train_the_trainer = \(bind: true) AND c.user_id IS NOT NULL AND c.\(inYear)
            """).first(decoding: Count.self)?.n ?? 0
        f.trainedByTrainers = try await sql.raw("""
            SELECT \(person) AS n FROM training_completions WHERE \(inYear) AND in_cascade = \(bind: true) AND trainer_user_id IN (
              SELECT c.user_id FROM training_completions c JOIN training_courses k ON k.id = c.course_id
              WHERE k.train_the_trainer = \(bind: true) AND c.user_id IS NOT NULL)
            """).first(decoding: Count.self)?.n ?? 0
        // Evaluation: only sessions whose answering window closed with five answers or more.
        let today = services.today
        let answers = try await TrainingEvaluation.query(on: db)
            .join(TrainingSession.self, on: \TrainingEvaluation.$sessionID == \TrainingSession.$id)
            .filter(TrainingSession.self, \.$heldOn >= from).filter(TrainingSession.self, \.$heldOn <= to).all()
        var bySession: [UUID: (day: Day, answers: [EvaluationAnswer])] = [:]
        for answer in answers {
            guard let session = try? answer.joined(TrainingSession.self), let outcomes = OutcomesMet(rawValue: answer.outcomesMet) else { continue }
            bySession[answer.sessionID, default: (session.day, [])].answers
                .append(EvaluationAnswer(before: answer.confidenceBefore, after: answer.confidenceAfter, outcomesMet: outcomes))
        }
        let counted = bySession.values.filter { EvaluationRules.counts(sessionDay: $0.day, answers: $0.answers.count, today: today) }
        f.evaluation = EvaluationSummary(counted.flatMap(\.answers))
        // Events held in the year, not cancelled.
        let events = try await PartnershipEvent.query(on: db).filter(\.$heldOn >= from).filter(\.$heldOn <= to)
            .filter(\.$cancelledAt == nil).all()
        let held = events.filter { $0.day <= today }
        f.eventsHeld = held.count
        // Places and attendance of the events held so far, as the count of events is.
        let eventIDs = held.compactMap(\.id)
        if !eventIDs.isEmpty {
            let places = try await EventPlace.query(on: db).filter(\.$eventID ~~ eventIDs).filter(\.$state != EventPlaceState.cancelled.rawValue).all()
            f.eventPlaces = places.count
            f.eventAttended = places.filter { $0.placeState == .attended }.count
            let feedback = Dictionary(grouping: try await EventFeedback.query(on: db).filter(\.$eventID ~~ eventIDs).all(), by: \.eventID)
            let shown = held.filter { e in e.id.map { today > e.day.adding(days: EventRules.feedbackDays) && (feedback[$0]?.count ?? 0) >= EventRules.feedbackThreshold } ?? false }
            f.eventsWithFeedback = shown.count
            let ratings = shown.flatMap { feedback[$0.id!] ?? [] }.map(\.rating)
            f.eventMeanRating = EventRules.summary(ratings: ratings)?.meanRating
        }
        return f
    }

    /// The year asked for (`?year=2026`), or the last ended; a problem for anything else.
    static func year(_ request: Request) -> Result<ReportingYear, FormErrors> {
        let today = request.application.lantern.today
        guard let text = request.query[String.self, at: "year"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return .success(.lastEnded(before: today))
        }
        if let start = Int(text), let year = ReportingYear(startYear: start), year <= ReportingYear(containing: today) { return .success(year) }
        var errors = FormErrors()
        errors.add("year", EventsController.localiser(request)("figures.error.year"))
        return .failure(errors)
    }

    @Sendable func page(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let services = request.application.lantern
        let chosen = Self.year(request)
        let year = (try? chosen.get()) ?? .lastEnded(before: services.today)
        let figures = try await Self.figures(year, services: services, on: request.db)
        try await request.audit(AuditEvent(action: "training_figures.viewed", recordType: "organisation", recordID: context.organisationID.uuidString))
        let current = ReportingYear(containing: services.today)
        let years = (0..<6).compactMap { ReportingYear(startYear: current.startYear - $0) }
        var page = FiguresPages.page(figures, years: years, errors: chosen.failureValue ?? FormErrors(), l: EventsController.localiser(request))
        if chosen.failureValue != nil { page.status = .unprocessableEntity }
        return request.render(page)
    }

    @Sendable func csv(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let services = request.application.lantern
        guard case .success(let year) = Self.year(request) else {
            throw LanternError.invalid([("year", "Give the reporting year as the year it starts in April, such as 2025, up to this year.")])
        }
        let f = try await Self.figures(year, services: services, on: request.db)
        var rows: [(String, String)] = [
            ("reporting_year", year.label), ("sessions_held", "\(f.sessionsHeld)"), ("sessions_face_to_face", "\(f.sessionsFaceToFace)"),
            ("sessions_live_online", "\(f.sessionsOnline)"), ("sessions_self_paced", "\(f.sessionsSelfPaced)"), ("people_trained", "\(f.peopleTrained)"),
        ]
        rows += AgencyKind.allCases.map { ("people_trained_\($0.rawValue)", "\(f.byAgency[$0] ?? 0)") }
        rows += [("boroughs_reached", "\(f.boroughsReached)"), ("train_the_trainer_sessions", "\(f.trainTheTrainerSessions)"),
                 ("trainers_trained", "\(f.trainersTrained)"), ("people_trained_by_trainers", "\(f.trainedByTrainers)"),
                 ("evaluation_answers", f.evaluation.map { "\($0.answers)" } ?? "[c]"),
                 ("evaluation_mean_confidence_before", f.evaluation.map { String(format: "%.1f", $0.meanBefore) } ?? "[c]"),
                 ("evaluation_mean_confidence_after", f.evaluation.map { String(format: "%.1f", $0.meanAfter) } ?? "[c]"),
                 ("evaluation_outcomes_met_percent", f.evaluation.map { "\($0.percent(.yes))" } ?? "[c]"),
                 ("events_held", "\(f.eventsHeld)"), ("event_places_booked", "\(f.eventPlaces)"), ("event_attendances", "\(f.eventAttended)"),
                 ("events_with_feedback", "\(f.eventsWithFeedback)"), ("event_mean_rating", f.eventMeanRating.map { String(format: "%.1f", $0) } ?? "[c]")]
        try await request.audit(AuditEvent(action: "training_figures.exported", recordType: "organisation", recordID: context.organisationID.uuidString))
        let body = "measure,value\r\n" + rows.map { "\($0.0),\($0.1)" }.joined(separator: "\r\n") + "\r\n"
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"training-and-events-\(year.label).csv\"")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}

enum FiguresPaths {
    static let page = RoutePath("training", "figures")
    static let csv = RoutePath("training", "figures.csv")
}

extension Href {
    static let trainingFigures = Href(FiguresPaths.page)
    static func trainingFiguresCSV(_ year: ReportingYear) -> Href { Href(FiguresPaths.csv).query("year", String(year.startYear)) }
}
