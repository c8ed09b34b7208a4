import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Training in the authorisation matrix: a course and a session of the viewer's organisation,
/// a session of another organisation the viewer is named on as a trainer, and a course and a
/// session they have nothing to do with; certificates of the viewer's own attended place (set
/// to each viewer in turn), a colleague's place on their organisation's session, and a
/// stranger's place.
extension AuthorisationMatrixTests {
    struct TrainingWorld {
        let ownCourse: String, otherCourse: String
        let ownSession: String, namedSession: UUID, otherSession: String
        /// An attended place whose person is set to each viewer in turn.
        let viewersPlace: UUID
        let colleaguesPlace: String, strangersPlace: String
        /// Live exemptions of a colleague and of another organisation's person.
        let ownExemption: String, otherExemption: String
    }

    static func makeTrainingWorld(_ lantern: TestLantern, _ w: World) async throws -> TrainingWorld {
        let db = lantern.app.db
        let now = Date()
        let today = lantern.today
        func course(_ organisation: Organisation, by person: TestPerson) async throws -> TrainingCourse {
            let draft = CourseDraft(title: "Matrix course", audience: "Everyone", format: .faceToFace, durationMinutes: 60, outcomes: ["Know"],
                                    validMonths: 12, trainTheTrainer: false, commitSessions: nil, commitMonths: nil)
            let course = TrainingCourse(draft: draft, organisationID: organisation.id!, createdBy: person.id, createdAt: now)
            try await course.create(on: db)
            return course
        }
        func session(_ course: TrainingCourse, lead: TestPerson) async throws -> TrainingSession {
            let session = TrainingSession()
            session.id = UUID()
            session.courseID = course.id!
            session.heldOn = today.daysSinceEpoch
            session.startsAt = "10:00"
            session.format = "face_to_face"
            session.place = "Matrix hall"
            session.openToPublic = true
            session.capacity = 500
            session.bookedCount = 1
            session.waitingSeq = 0
            session.targetBoroughs = ""
            session.targetAgencies = ""
            session.state = "planned"
            session.organisationID = course.organisationID
            session.createdBy = lead.id
            session.createdAt = now
            try await session.create(on: db)
            try await TrainingSessionTrainer(sessionID: session.id!, userID: lead.id, lead: true).create(on: db)
            return session
        }
        func attendedPlace(_ session: TrainingSession, _ person: TestPerson) async throws -> UUID {
            let place = TrainingRegistration()
            place.id = UUID()
            place.sessionID = session.id!
            place.userID = person.id
            place.organisationID = person.organisationID
            place.agencyKind = "council"
            place.state = RegistrationState.attended.rawValue
            place.registeredBy = person.id
            place.createdAt = now
            place.updatedAt = now
            try await place.create(on: db)
            let completion = TrainingCompletion()
            completion.id = UUID()
            completion.registrationID = place.id!
            completion.sessionID = session.id!
            completion.courseID = session.courseID
            completion.userID = person.id
            completion.inCascade = false
            completion.completedOn = today.daysSinceEpoch
            completion.agencyKind = "council"
            completion.recordedBy = person.id
            completion.recordedAt = now
            try await completion.create(on: db)
            return place.id!
        }
        func exemption(_ person: TestPerson) async throws -> String {
            let exemption = TrainingExemption()
            exemption.id = UUID()
            exemption.userID = person.id
            exemption.organisationID = person.organisationID
            // An action no fixture exemption uses, so it never meets the one-live-per-action rule.
            exemption.action = Action.viewStatistics.rawValue
            exemption.untilDay = today.adding(days: 30).daysSinceEpoch
            exemption.reason = "Matrix"
            exemption.grantedBy = person.id
            exemption.grantedAt = now
            try await exemption.create(on: db)
            return exemption.id!.uuidString
        }
        let aTrainer = try await lantern.makePerson(in: w.a, roles: [.trainer])
        let cTrainer = try await lantern.makePerson(in: w.c, roles: [.trainer])
        let ownCourse = try await course(w.a, by: aTrainer), otherCourse = try await course(w.c, by: cTrainer)
        let ownSession = try await session(ownCourse, lead: aTrainer)
        let namedSession = try await session(otherCourse, lead: cTrainer), otherSession = try await session(otherCourse, lead: cTrainer)
        return TrainingWorld(ownCourse: ownCourse.id!.uuidString, otherCourse: otherCourse.id!.uuidString,
                             ownSession: ownSession.id!.uuidString, namedSession: namedSession.id!, otherSession: otherSession.id!.uuidString,
                             viewersPlace: try await attendedPlace(otherSession, cTrainer),
                             colleaguesPlace: try await attendedPlace(ownSession, w.colleague).uuidString,
                             strangersPlace: try await attendedPlace(otherSession, w.outsider).uuidString,
                             ownExemption: try await exemption(w.colleague), otherExemption: try await exemption(w.outsider))
    }

    /// Names the viewer on the other organisation's session and gives them the attended place.
    static func enrolInTraining(_ viewer: TestPerson, _ world: TrainingWorld, _ lantern: TestLantern) async throws {
        let db = lantern.app.db
        try await TrainingSessionTrainer(sessionID: world.namedSession, userID: viewer.id, lead: false).create(on: db)
        let place = try #require(try await TrainingRegistration.find(world.viewersPlace, on: db))
        place.userID = viewer.id
        try await place.save(on: db)
    }

    static func trainingScenarios(for parameters: Set<String>, pattern: String, fill: ([String: String]) -> String,
                                  world: TrainingWorld) -> [Scenario]? {
        switch parameters {
        case [":courseID"]:
            return [Scenario(label: "my organisation's course", path: fill([":courseID": world.ownCourse]), relation: .sameOrganisation),
                    Scenario(label: "another organisation's course", path: fill([":courseID": world.otherCourse]), relation: .otherOrganisation)]
        case [":sessionID"] where pattern.hasSuffix("/evaluation"):
            // Answering an evaluation: the record is the viewer's own place, which is on the
            // other organisation's session only.
            return [Scenario(label: "a session I did not come to", path: fill([":sessionID": world.ownSession]), relation: .otherOrganisation),
                    Scenario(label: "a session I came to", path: fill([":sessionID": world.otherSession]), relation: .own)]
        case [":sessionID"] where pattern.hasSuffix("/cancel"):
            // Cancelling is the session's organisation's: being named on it is not enough.
            return [Scenario(label: "my organisation's session", path: fill([":sessionID": world.ownSession]), relation: .sameOrganisation),
                    Scenario(label: "a session I am named on", path: fill([":sessionID": world.namedSession.uuidString]), relation: .otherOrganisation),
                    Scenario(label: "another organisation's session", path: fill([":sessionID": world.otherSession]), relation: .otherOrganisation)]
        case [":sessionID"]:
            return [Scenario(label: "my organisation's session", path: fill([":sessionID": world.ownSession]), relation: .sameOrganisation),
                    Scenario(label: "a session I am named on", path: fill([":sessionID": world.namedSession.uuidString]), relation: .actionOwner),
                    Scenario(label: "another organisation's session", path: fill([":sessionID": world.otherSession]), relation: .otherOrganisation)]
        case [":registrationID"]:
            return [Scenario(label: "my own place", path: fill([":registrationID": world.viewersPlace.uuidString]), relation: .own),
                    Scenario(label: "a colleague's place", path: fill([":registrationID": world.colleaguesPlace]), relation: .sameOrganisation),
                    Scenario(label: "a stranger's place", path: fill([":registrationID": world.strangersPlace]), relation: .otherOrganisation)]
        case [":exemptionID"]:
            return [Scenario(label: "my organisation's exemption", path: fill([":exemptionID": world.ownExemption]), relation: .sameOrganisation),
                    Scenario(label: "another organisation's exemption", path: fill([":exemptionID": world.otherExemption]), relation: .otherOrganisation)]
        default:
            return nil
        }
    }
}
