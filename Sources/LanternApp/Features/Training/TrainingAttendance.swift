import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Recording who came to a session. A place marked attended becomes a completion (valid for
/// the course's months), placed in the cascade under the session's lead trainer unless that
/// would loop or the person already has a place there, and, after a Train-the-Trainer course,
/// a commitment to deliver sessions. One guarded statement per place: a place is completed once.
enum TrainingAttendance {
    enum Mark: String, Sendable, CaseIterable { case attended, absent }

    enum Outcome: Sendable, Equatable {
        case recorded(cascade: CascadeOutcome?)
        /// The session has not been held yet (attendance opens on its day).
        case notYetHeld
        /// No such place on this session, or it was not a booked place (or was already marked so).
        case noSuchPlace
        case sessionCancelled
        /// A trainer recording their own attendance at a course that gives a qualification:
        /// someone else records it, so nobody unlocks an action by their own say-so.
        case ownQualification
    }

    static func record(_ mark: Mark, registrationID: UUID, session: TrainingSession, recorder: UUID,
                       services: LanternServices, db: any Database) async throws -> Outcome {
        guard session.sessionState == .planned else { return .sessionCancelled }
        guard TrainingCourseRules.attendanceOpen(sessionDay: session.day, today: services.today) else { return .notYetHeld }
        let sessionID = try session.requireID()
        guard let course = try await TrainingCourse.find(session.courseID, on: db) else { return .noSuchPlace }
        if course.qualification != nil, mark == .attended,
           try await TrainingRegistration.find(registrationID, on: db)?.userID == recorder { return .ownQualification }
        let from: [RegistrationState] = mark == .attended ? [.booked, .absent] : [.booked]
        return try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            if sql.dialect.name == "postgresql" {
                // Two sessions' attendance at once could each miss the other's link and close
                // a loop; placing people in the cascade is taken one at a time.
                try await sql.raw("LOCK TABLE training_completions IN SHARE ROW EXCLUSIVE MODE").run()
            }
            guard let row = try await sql.update(TrainingRegistration.schema)
                .set("state", to: mark.rawValue).set("updated_at", to: services.now)
                .where("id", .equal, registrationID).where("session_id", .equal, sessionID)
                .where("state", .in, from.map(\.rawValue))
                .returning("user_id", "borough_code", "agency_kind").first()
            else { return .noSuchPlace }
            guard mark == .attended else { return .recorded(cascade: nil) }
            let userID = try row.decodeNil(column: "user_id") ? nil : try row.decode(column: "user_id", as: UUID.self)
            let trainer = try await TrainingSessionTrainer.query(on: tx).filter(\.$sessionID == sessionID).filter(\.$lead == true).first()?.userID
            var placement: CascadeOutcome?
            if let trainer {
                let traineeNode = userID?.uuidString ?? "r:\(registrationID.uuidString)"
                let alreadyPlaced = try await userID.asyncMap { id in
                    try await TrainingCompletion.query(on: tx).filter(\.$userID == id).filter(\.$inCascade == true).first() != nil
                } ?? false
                placement = CascadePlacement.place(trainer: trainer.uuidString, trainee: traineeNode,
                                                   ancestorsOfTrainer: try await ancestors(of: trainer, on: tx).map(\.uuidString),
                                                   traineeAlreadyPlaced: alreadyPlaced)
            }
            let completedOn = session.day
            let completionID = UUID()
            let inserted = try await sql.insert(into: TrainingCompletion.schema)
                .columns("id", "registration_id", "session_id", "course_id", "user_id", "trainer_user_id", "in_cascade", "completed_on",
                         "valid_until", "borough_code", "agency_kind", "recorded_by", "recorded_at")
                .values(SQLBind(completionID), SQLBind(registrationID), SQLBind(sessionID), SQLBind(course.requireID()), SQLBind(userID),
                        SQLBind(trainer), SQLBind(placement == .added), SQLBind(completedOn.daysSinceEpoch),
                        SQLBind(TrainingCourseRules.validUntil(completedOn: completedOn, months: course.validMonths)?.daysSinceEpoch),
                        SQLBind(try row.decodeNil(column: "borough_code") ? nil : try row.decode(column: "borough_code", as: String.self)),
                        SQLBind(try row.decode(column: "agency_kind", as: String.self)), SQLBind(recorder), SQLBind(services.now))
                .ignoringConflicts(with: ["registration_id"]).returning("id").first()
            if inserted != nil, course.trainTheTrainer, let userID, let sessions = course.commitSessions, let months = course.commitMonths {
                try await sql.insert(into: TrainingCommitment.schema)
                    .columns("id", "user_id", "course_id", "completion_id", "sessions_due", "made_on", "due_on")
                    .values(SQLBind(UUID()), SQLBind(userID), SQLBind(course.requireID()), SQLBind(completionID), SQLBind(sessions),
                            SQLBind(completedOn.daysSinceEpoch),
                            SQLBind(TrainingCourseRules.commitmentDue(madeOn: completedOn, months: months).daysSinceEpoch))
                    .ignoringConflicts(with: ["user_id", "course_id"]).run()
            }
            return .recorded(cascade: placement)
        }
    }

    /// The trainer's line upwards: who trained them in the cascade, who trained that person, and
    /// so on (at most 1,000 steps: a tree deeper than that is not a cascade).
    static func ancestors(of person: UUID, on db: any Database) async throws -> [UUID] {
        var line: [UUID] = [], cursor = person
        while line.count < 1_000,
              let up = try await TrainingCompletion.query(on: db).filter(\.$userID == cursor).filter(\.$inCascade == true).first()?.trainerUserID,
              !line.contains(up) {
            line.append(up)
            cursor = up
        }
        return line
    }
}
