import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The surveys part of the authorisation matrix: an open survey of the viewer's organisation
/// and one of another organisation; for answering, a survey sent to the viewer (their own
/// invitation) and one not sent to them.
extension AuthorisationMatrixTests {
    struct SurveyWorld {
        let ownSurvey: UUID, otherSurvey: UUID
    }

    static func makeSurveyWorld(_ lantern: TestLantern, _ w: World) async throws -> SurveyWorld {
        let db = lantern.app.db
        func survey(_ organisation: Organisation) async throws -> UUID {
            let group = PartnershipGroup(kind: .network, name: "Matrix survey group \(organisation.name)", slug: "matrix-survey-\(UUID().uuidString.prefix(8).lowercased())",
                                         purpose: "", parentID: nil, hostOrganisationID: organisation.id!, isPublic: false, createdAt: Date())
            try await group.create(on: db)
            let survey = Survey()
            survey.id = UUID()
            survey.organisationID = organisation.id!
            survey.groupID = group.id!
            survey.title = "Matrix survey"
            survey.intro = ""
            survey.questionsJSON = String(decoding: try JSONEncoder().encode([SurveyQuestion(text: "Useful?", kind: .scale)]), as: UTF8.self)
            survey.state = SurveyState.open.rawValue
            survey.closesOn = lantern.today.adding(days: 30).daysSinceEpoch
            survey.sentOn = lantern.today.daysSinceEpoch
            survey.responses = 0
            survey.createdBy = w.colleague.id
            survey.createdAt = Date()
            try await survey.create(on: db)
            return survey.id!
        }
        return SurveyWorld(ownSurvey: try await survey(w.a), otherSurvey: try await survey(w.c))
    }

    /// The other organisation's survey was sent to the viewer.
    static func enrolInSurveys(_ viewer: TestPerson, _ world: SurveyWorld, _ lantern: TestLantern) async throws {
        let invitation = SurveyInvitation()
        invitation.id = UUID()
        invitation.surveyID = world.otherSurvey
        invitation.userID = viewer.id
        invitation.answered = false
        try await invitation.create(on: lantern.app.db)
    }

    static func surveyScenarios(for parameters: Set<String>, pattern: String, fill: ([String: String]) -> String, world: SurveyWorld) -> [Scenario]? {
        guard parameters == [":surveyID"] else { return nil }
        if pattern.hasSuffix("/answer") {
            return [Scenario(label: "a survey not sent to me", path: fill([":surveyID": world.ownSurvey.uuidString]), relation: .otherOrganisation),
                    Scenario(label: "a survey sent to me", path: fill([":surveyID": world.otherSurvey.uuidString]), relation: .own)]
        }
        return [Scenario(label: "my organisation's survey", path: fill([":surveyID": world.ownSurvey.uuidString]), relation: .sameOrganisation),
                Scenario(label: "another organisation's survey", path: fill([":surveyID": world.otherSurvey.uuidString]), relation: .otherOrganisation)]
    }
}
