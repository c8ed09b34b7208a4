import Fluent
import Foundation
import LanternCore

/// The demo's surveys, run by the leads network's host: last season's member survey (closed,
/// answered anonymously by the network's members other than its runners, its results
/// readable) and this season's, open for two weeks and sent to them today (each has a task to
/// answer it). Fictional throughout.
enum SurveysDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let network = try await PartnershipGroup.query(on: db).filter(\.$slug == "london-modern-slavery-leads-network-demo").first(),
              let networkID = network.id,
              let author = demo.person(.boardSecretariat) ?? demo.person(.modernSlaveryLead) else { return }
        let host = network.$hostOrganisation.id
        let members = try await SurveysController.audience(groupID: networkID, runBy: host, policy: demo.services.policy, today: demo.today, on: db)
        guard members.count >= SurveyRules.minimumResponses else { return }
        func survey(_ title: String, _ intro: String, _ questions: [SurveyQuestion], state: SurveyState, sent: Day, closes: Day) async throws -> Survey {
            let survey = Survey()
            survey.id = UUID()
            survey.organisationID = host
            survey.groupID = networkID
            survey.title = title
            survey.intro = intro
            survey.questionsJSON = String(decoding: try JSONEncoder().encode(questions), as: UTF8.self)
            survey.state = state.rawValue
            survey.closesOn = closes.daysSinceEpoch
            survey.sentOn = sent.daysSinceEpoch
            survey.responses = 0
            survey.createdBy = author
            survey.createdAt = demo.now
            try await survey.create(on: db)
            return survey
        }
        let questions = [
            SurveyQuestion(text: "The network's meetings help me in my work", kind: .scale),
            SurveyQuestion(text: "I know how to make a referral into the National Referral Mechanism", kind: .scale),
            SurveyQuestion(text: "Which should the network work on first next year?", kind: .choice,
                           options: ["Training for front-line staff", "Housing after the decision", "Data and figures", "Survivors' voices"]),
            SurveyQuestion(text: "What would make the network more useful to you?", kind: .text),
        ]
        let last = try await survey("Leads network member survey, spring (demo)", "How the network worked for its members this year (fictional).",
                                    questions, state: .closed, sent: demo.today.adding(days: -60), closes: demo.today.adding(days: -40))
        let lastID = try last.requireID()
        // Six answers: the first question's counts are shown (three and three); the others have
        // small counts, so theirs are withheld.
        let responses: [(Int, Int, Int, String?)] = [(5, 4, 0, "More joint training with the police."), (4, 4, 0, nil), (4, 5, 1, "Housing after the decision is our biggest gap."),
                                                     (5, 3, 0, nil), (4, 4, 1, nil), (5, 4, 0, "Shorter meetings, more often.")]
        var rows: [SurveyAnswer] = []
        for (a, b, c, words) in responses.prefix(members.count) {
            rows += [SurveyAnswer(questionIndex: 0, choice: a), SurveyAnswer(questionIndex: 1, choice: b), SurveyAnswer(questionIndex: 2, choice: c)]
            if let words { rows.append(SurveyAnswer(questionIndex: 3, text: words)) }
        }
        for row in rows.shuffled() {
            let answer = SurveyAnswerRow()
            answer.id = UUID()
            answer.surveyID = lastID
            answer.questionIndex = row.questionIndex
            answer.choice = row.choice
            answer.text = row.text
            try await answer.create(on: db)
        }
        for (index, userID) in members.enumerated() {
            let invitation = SurveyInvitation()
            invitation.id = UUID()
            invitation.surveyID = lastID
            invitation.userID = userID
            invitation.answered = index < responses.count
            try await invitation.create(on: db)
        }
        last.responses = min(responses.count, members.count)
        try await last.save(on: db)

        let now = try await survey("Leads network member survey, autumn (demo)", "Help plan the network's annual conference (fictional).",
                                   questions, state: .open, sent: demo.today, closes: demo.today.adding(days: 14))
        try await SurveysController.invite(members, to: now, notify: false, services: demo.services, on: db)
    }
}
