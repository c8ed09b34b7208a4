import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// `/surveys/:surveyID/answer`: a member the survey was sent to answers once, anonymously,
/// while it is open. The invitation is marked answered and the survey's count moves in the
/// same transaction as the answers are written; the answers are kept with the survey only and
/// its rows rewritten in random order, so neither a row nor its place says whose it is.
struct SurveyAnswerController {
    func register(_ routes: LanternRoutes) {
        // The record is the person's own invitation (as for an event's feedback).
        routes.get(SurveyPaths.answer, access: .action(.manageOwnAccount), use: form)
        routes.post(SurveyPaths.answer, access: .action(.manageOwnAccount), use: answer)
    }

    /// The survey and the person's invitation to it: 404 without one (or while a draft).
    private func target(_ request: Request) async throws -> (Survey, SurveyInvitation) {
        let context = try request.authorise(.manageOwnAccount)
        let survey = try await SurveysController.survey(request)
        // The survey's own runners are not sent it, and do not answer it (they read its results).
        guard survey.state(on: request.application.lantern.today) != .draft,
              !SurveysController.isRunner(context.roles, organisationID: context.organisationID, of: survey.organisationID,
                                          policy: request.application.lantern.policy),
              let invitation = try await SurveyInvitation.query(on: request.db).filter(\.$surveyID == survey.requireID())
                .filter(\.$userID == context.userID).first() else { throw LanternError.notFound }
        return (survey, invitation)
    }

    private func page(_ request: Request, _ survey: Survey, input: [String: String], errors: FormErrors, closed: Bool, answered: Bool) -> Page {
        SurveyPages.answer(.init(id: survey.id?.uuidString ?? "", title: survey.title, intro: survey.intro, questions: survey.questions,
                                 closesOn: survey.closingDay, input: input, errors: errors, closed: closed, answered: answered),
                           csrf: request.csrfToken, l: SurveysController.localiser(request))
    }

    @Sendable func form(_ request: Request) async throws -> Response {
        let (survey, invitation) = try await target(request)
        let open = survey.state(on: request.application.lantern.today) == .open
        return request.render(page(request, survey, input: [:], errors: FormErrors(), closed: !open, answered: invitation.answered))
    }

    struct AlreadyAnswered: Error {}
    struct ClosedMeanwhile: Error {}

    @Sendable func answer(_ request: Request) async throws -> Response {
        let (survey, invitation) = try await target(request)
        let surveyID = try survey.requireID()
        let services = request.application.lantern
        let today = services.today
        func refusal(answered: Bool) -> Response {
            var shown = page(request, survey, input: [:], errors: FormErrors(), closed: true, answered: answered)
            shown.status = .conflict
            return request.render(shown)
        }
        guard survey.state(on: today) == .open, !invitation.answered else { return refusal(answered: invitation.answered) }
        // Every field is text: a field sent as a list (`a0[]`) or a JSON body is refused whole (400).
        let input = try request.content.decode([String: String].self)
        let l = SurveysController.localiser(request)
        let questions = survey.questions
        var raw: [Int: String] = [:]
        for index in questions.indices { raw[index] = input["a\(index)"] }
        let answers: [SurveyAnswer]
        switch SurveyRules.answers(raw, to: questions) {
        case .success(let found): answers = found
        case .failure(let problems):
            var errors = FormErrors()
            for (index, problem) in problems.byQuestion.sorted(by: { $0.key < $1.key }) {
                let number = l.number(index + 1)
                switch problem {
                case .missing: errors.add("a\(index)", l("surveys.answer.error.missing", ["number": number]))
                case .text: errors.add("a\(index)", l("surveys.answer.error.text", ["number": number, "limit": l.number(SurveyRules.answerTextLimit)]))
                }
            }
            return request.render(page(request, survey, input: input, errors: errors, closed: false, answered: false))
        }
        let invitationID = try invitation.requireID()
        do {
            try await request.db.transaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
                // The invitation first: of forty presses at once, one finds it unanswered.
                guard try await sql.update(SurveyInvitation.schema).set("answered", to: true)
                    .where("id", .equal, invitationID).where("answered", .equal, false).returning("id").first() != nil else { throw AlreadyAnswered() }
                // The survey's row next (its count, still open): two people answering at once
                // take turns, so neither rewrite misses the other's answers.
                guard try await sql.update(Survey.schema).set(SQLIdentifier("responses"), to: SQLRaw("responses + 1"))
                    .where("id", .equal, surveyID).where("state", .equal, SurveyState.open.rawValue)
                    .where("closes_on", .greaterThanOrEqual, today.daysSinceEpoch).returning("id").first() != nil else { throw ClosedMeanwhile() }
                // The survey's answers, written afresh in random order (`AnonymousAnswers`).
                let rows = try await SurveyAnswerRow.query(on: tx).filter(\.$surveyID == surveyID).all().map(\.answer) + answers
                try await AnonymousAnswers.rewrite(SurveyAnswerRow.schema, scope: "survey_id", surveyID,
                                                   columns: ["survey_id", "question_index", "choice", "text"],
                                                   rows: rows.map { [SQLBind(surveyID), SQLBind($0.questionIndex), SQLBind($0.choice), SQLBind($0.text)] },
                                                   on: sql)
                // The task goes (not "done at" a time, which would sit beside the anonymous audit's).
                try await sql.delete(from: PersonTask.schema)
                    .where("owner_id", .equal, invitation.userID).where("source_key", .equal, SurveysController.taskKey(surveyID)).run()
                // The audit says the survey had an answer, not from whom.
                try await AnonymousAnswers.audit(AuditEvent(action: "survey.answered", recordType: "survey", recordID: surveyID.uuidString),
                                                 services: services, on: tx)
            }
        } catch is AlreadyAnswered {
            return refusal(answered: true)
        } catch is ClosedMeanwhile {
            return refusal(answered: false)
        }
        return request.redirect(to: Href.surveys.query("done", "answered"))
    }
}
