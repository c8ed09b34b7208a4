import Fluent
import Foundation
import LanternCore
import Vapor

/// How training records meet the access policy. A course and a session belong to the
/// organisation that offers them; a session is also "given to" the trainers named on it
/// (`Relation.actionOwner`), so a trainer from another organisation records who came.
enum TrainingAccess {
    static func localiser(_ request: Request) -> Localiser { request.localiser.forPage(areas: "training", "components") }

    static func uuid(_ request: Request, _ name: String) throws -> UUID {
        guard let id = request.parameters.get(name).flatMap(UUID.init(exactly:)) else { throw LanternError.notFound }
        return id
    }

    /// The course named in the path; 404 when there is none.
    static func course(_ request: Request) async throws -> TrainingCourse {
        guard let course = try await TrainingCourse.find(try uuid(request, "courseID"), on: request.db) else { throw LanternError.notFound }
        return course
    }

    /// The session named in the path, checked for `action`: 404 when there is none or the
    /// person may not do the action to it.
    static func session(_ request: Request, for action: Action) async throws -> Authorised<TrainingSession> {
        guard let session = try await TrainingSession.find(try uuid(request, "sessionID"), on: request.db) else { throw LanternError.notFound }
        return try await request.authorise(action, session, placedAt: try await placement(of: session, for: request))
    }

    /// Where a session sits for the person asking: its organisation, and theirs to run when
    /// they are named on it.
    static func placement(of session: TrainingSession, for request: Request) async throws -> RecordPlacement {
        let me = try request.requireSignedIn().userID
        let named = try await TrainingSessionTrainer.query(on: request.db).filter(\.$sessionID == session.requireID())
            .filter(\.$userID == me).first() != nil
        return RecordPlacement(actionOwnerID: named ? me.uuidString : nil, organisationID: session.organisationID.uuidString)
    }

    /// Whether the person may run this session (its trainers, its organisation's trainers).
    static func mayRun(_ session: TrainingSession, request: Request) async throws -> Bool {
        let context = try request.requireSignedIn()
        let relations = try await request.viewpoint().relations(to: try await placement(of: session, for: request))
        return request.accessPolicy.permits(context.roles, .manageTraining, onAny: relations)
    }
}
