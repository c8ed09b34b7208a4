import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Anonymous evaluation: a person who came to a session answers once, within
/// `EvaluationRules.answeringDays` of its day (`/training/sessions/:sessionID/evaluation`); the
/// results (`/training/evaluations`) count only sessions whose window has closed with at least
/// five answers, by course and by lead trainer, never a group of fewer than five.
struct TrainingEvaluationController {
    func register(_ routes: LanternRoutes) {
        // The record is the person's own place on the session: only they answer for it.
        routes.get(TrainingPaths.evaluation, access: .action(.manageOwnAccount), use: form)
        routes.post(TrainingPaths.evaluation, access: .action(.manageOwnAccount), use: answer)
        routes.get(TrainingPaths.evaluations, access: .action(.viewTrainingCoverage), use: results)
    }

    struct AnswerForm: Content { var before: String?; var after: String?; var outcomes: String?; var comment: String? }

    enum Standing { case mayAnswer(TrainingRegistration), answered, closed }

    /// Where the person stands with this session's evaluation; 404 unless they came to it.
    static func standing(_ request: Request, _ session: TrainingSession) async throws -> Standing {
        let context = try request.requireSignedIn()
        guard let place = try await TrainingRegistration.query(on: request.db).filter(\.$sessionID == session.requireID())
            .filter(\.$userID == context.userID).filter(\.$state == RegistrationState.attended.rawValue).first(), let placeID = place.id
        else { throw LanternError.notFound }
        _ = try await request.authorise(.manageOwnAccount, place, placedAt: RecordPlacement(accountID: place.userID?.uuidString))
        if try await TrainingEvaluationReceipt.query(on: request.db).filter(\.$registrationID == placeID).first() != nil { return .answered }
        guard EvaluationRules.answeringOpen(sessionDay: session.day, today: request.application.lantern.today) else { return .closed }
        return .mayAnswer(place)
    }

    private func page(_ request: Request, _ session: TrainingSession, _ input: AnswerForm, errors: FormErrors, standing: Standing) async throws -> Page {
        let course = try await TrainingCourse.find(session.courseID, on: request.db)
        let state: TrainingPages.EvaluationForm.State = switch standing {
        case .mayAnswer: .open
        case .answered: .answered
        case .closed: .closed
        }
        return TrainingPages.evaluationForm(.init(sessionID: try session.requireID().uuidString, course: course?.title ?? "", day: session.day,
                                                  outcomes: course?.outcomeList ?? [], input: input, state: state, errors: errors),
                                            csrf: request.csrfToken, l: TrainingAccess.localiser(request))
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let session = try await TrainingAccess.session(request, for: .registerForTraining).record
        let standing = try await Self.standing(request, session)
        var shown = try await page(request, session, AnswerForm(), errors: FormErrors(), standing: standing)
        if case .mayAnswer = standing {} else { shown.status = .conflict }
        return request.render(shown)
    }

    @Sendable func answer(_ request: Request) async throws -> Response {
        let session = try await TrainingAccess.session(request, for: .registerForTraining).record
        let standing = try await Self.standing(request, session)
        let input = try request.content.decode(AnswerForm.self)
        guard case .mayAnswer(let place) = standing else {
            var shown = try await page(request, session, input, errors: FormErrors(), standing: standing)
            shown.status = .conflict
            return request.render(shown)
        }
        let l = TrainingAccess.localiser(request)
        var errors = FormErrors()
        let before = Int(input.before ?? ""), after = Int(input.after ?? "")
        if before.map({ !EvaluationRules.scale.contains($0) }) ?? true { errors.add("before", l("training.evaluation.error.before")) }
        if after.map({ !EvaluationRules.scale.contains($0) }) ?? true { errors.add("after", l("training.evaluation.error.after")) }
        let outcomes = input.outcomes.flatMap(OutcomesMet.init(rawValue:))
        if outcomes == nil { errors.add("outcomes", l("training.evaluation.error.outcomes")) }
        let comment = (input.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !TrainingCourseRules.isFreeText(comment, limit: EvaluationRules.commentLimit) {
            errors.add("comment", l("training.evaluation.error.comment"))
        }
        guard errors.isEmpty, let before, let after, let outcomes else {
            return request.render(try await page(request, session, input, errors: errors, standing: standing))
        }
        let sessionID = try session.requireID()
        let lead = try await TrainingSessionTrainer.query(on: request.db).filter(\.$sessionID == sessionID).filter(\.$lead == true).first()?.userID
        let saved: Bool
        do {
            try await request.db.transaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
                // The session's row first: two people answering at once take turns, so neither
                // rewrite misses the other's answer (PostgreSQL runs writers side by side).
                try await sql.update(TrainingSession.schema).set(SQLIdentifier("booked_count"), to: SQLIdentifier("booked_count"))
                    .where("id", .equal, sessionID).run()
                // The receipt first: of forty presses at once, one gets past its unique place.
                try await sql.insert(into: TrainingEvaluationReceipt.schema).columns("id", "registration_id", "session_id")
                    .values(SQLBind(UUID()), SQLBind(try place.requireID()), SQLBind(sessionID)).run()
                // The session's answers, written afresh in random order (`AnonymousAnswers`).
                let earlier = try await TrainingEvaluation.query(on: tx).filter(\.$sessionID == sessionID).all()
                var rows = earlier.map { ($0.confidenceBefore, $0.confidenceAfter, $0.outcomesMet, $0.comment) }
                rows.append((before, after, outcomes.rawValue, comment.isEmpty ? nil : comment))
                try await AnonymousAnswers.rewrite(
                    TrainingEvaluation.schema, scope: "session_id", sessionID,
                    columns: ["session_id", "course_id", "trainer_user_id", "confidence_before", "confidence_after", "outcomes_met", "comment"],
                    rows: rows.map { [SQLBind(sessionID), SQLBind(session.courseID), SQLBind(lead), SQLBind($0.0), SQLBind($0.1), SQLBind($0.2), SQLBind($0.3)] },
                    on: sql)
                // The audit says a session was evaluated, not by whom nor what.
                try await AnonymousAnswers.audit(AuditEvent(action: "training_evaluation.answered", recordType: "training_session",
                                                            recordID: sessionID.uuidString), services: request.application.lantern, on: tx)
            }
            saved = true
        } catch let error as any DatabaseError where error.isConstraintFailure {
            saved = false
        }
        guard saved else {
            var shown = try await page(request, session, input, errors: FormErrors(), standing: .answered)
            shown.status = .conflict
            return request.render(shown)
        }
        return request.redirect(to: "\(Href.trainingSession(sessionID.uuidString))?done=evaluated")
    }

    // MARK: Results

    @Sendable func results(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewTrainingCoverage)
        let db = request.db, today = request.application.lantern.today
        let answers = try await TrainingEvaluation.query(on: db).all()
        let sessions = Dictionary(try await TrainingSession.query(on: db).filter(\.$id ~~ Array(Set(answers.map(\.sessionID)))).all()
            .compactMap { s in s.id.map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
        let bySession = Dictionary(grouping: answers, by: \.sessionID)
        let counted = answers.filter { a in
            sessions[a.sessionID].map { EvaluationRules.counts(sessionDay: $0.day, answers: bySession[a.sessionID]?.count ?? 0, today: today) } ?? false
        }
        let courses = try await TrainingCourse.query(on: db).sort(\.$title).all()
        let trainerIDs = Set(counted.compactMap(\.trainerUserID))
        let names = Dictionary(try await User.query(on: db).filter(\.$id ~~ Array(trainerIDs)).all().compactMap { u in u.id.map { ($0, u.displayName) } },
                               uniquingKeysWith: { a, _ in a })
        let rows: [TrainingPages.EvaluationResults.Course] = courses.compactMap { course in
            let mine = counted.filter { $0.courseID == course.id }
            guard let summary = EvaluationSummary(mine.compactMap(\.answer)) else {
                return .init(title: course.title, summary: nil, trainers: [], comments: [], waiting: answers.filter { $0.courseID == course.id }.count)
            }
            let byTrainer = Dictionary(grouping: mine, by: { $0.trainerUserID?.uuidString ?? "" })
            let shown = EvaluationRules.releasable(byTrainer.mapValues(\.count))
            let trainers = shown.sorted().compactMap { key -> (String, EvaluationSummary)? in
                guard let group = byTrainer[key], let s = EvaluationSummary(group.compactMap(\.answer)) else { return nil }
                return (UUID(exactly: key).flatMap { names[$0] } ?? "", s)
            }
            // Comments in alphabetical order, not the order they came in.
            return .init(title: course.title, summary: summary, trainers: trainers, comments: mine.compactMap(\.comment).sorted(), waiting: 0)
        }
        try await request.audit(AuditEvent(action: "training_evaluations.viewed", recordType: "organisation", recordID: context.organisationID.uuidString))
        return request.render(TrainingPages.evaluationResults(.init(courses: rows), l: TrainingAccess.localiser(request)))
    }
}
