import Fluent
import Foundation
import LanternCore

/// A member survey (`surveys`): written by an organisation for a group it hosts, sent to the
/// group's members, closed on a day. Its questions are kept as JSON (`SurveyQuestion`s).
final class Survey: Model, @unchecked Sendable {
    static let schema = "surveys"

    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "group_id") var groupID: UUID
    @Field(key: "title") var title: String
    @Field(key: "intro") var intro: String
    @Field(key: "questions") var questionsJSON: String
    /// `SurveyState`'s raw value as stored; see `SurveyRules.state` for the state on a day.
    @Field(key: "state") var state: String
    @Field(key: "closes_on") var closesOn: Int
    @OptionalField(key: "sent_on") var sentOn: Int?
    /// The last day reminders went out: at most one round a day (a guarded statement).
    @OptionalField(key: "reminded_on") var remindedOn: Int?
    /// Responses received; moved in the transaction that marks an invitation answered.
    @Field(key: "responses") var responses: Int
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var questions: [SurveyQuestion] {
        (try? JSONDecoder().decode([SurveyQuestion].self, from: Data(questionsJSON.utf8))) ?? []
    }

    var closingDay: Day { Day(daysSinceEpoch: closesOn) }

    func state(on today: Day) -> SurveyState {
        SurveyRules.state(SurveyState(rawValue: state) ?? .draft, closesOn: closingDay, today: today)
    }
}

/// One member's invitation to a survey (`survey_invitations`). `answered` says only that they
/// answered, never when nor what: their answers are kept apart, with the survey only.
final class SurveyInvitation: Model, @unchecked Sendable {
    static let schema = "survey_invitations"

    @ID(key: .id) var id: UUID?
    @Field(key: "survey_id") var surveyID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "answered") var answered: Bool

    init() {}
}

/// One anonymous answer to one question (`survey_answers`): the survey, the question and the
/// answer; no person, no time, nothing grouping one person's answers. A survey's answers are
/// rewritten in random order with each response, so no row's place tells who answered.
final class SurveyAnswerRow: Model, @unchecked Sendable {
    static let schema = "survey_answers"

    @ID(key: .id) var id: UUID?
    @Field(key: "survey_id") var surveyID: UUID
    @Field(key: "question_index") var questionIndex: Int
    @OptionalField(key: "choice") var choice: Int?
    @OptionalField(key: "text") var text: String?

    init() {}

    var answer: SurveyAnswer { SurveyAnswer(questionIndex: questionIndex, choice: choice, text: text) }
}
