import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Places on a session. Every count moves in one guarded statement inside the transaction
/// that writes the place, so forty people pressing "Book" at once for the last seat get one
/// place and thirty-nine waiting-list positions, never an overbooked session; giving a place
/// up hands it to the first person waiting in the same transaction.
enum TrainingBooking {
    /// Who is asking for a place: a member (their account) or an external person.
    struct Trainee: Sendable {
        var userID: UUID?
        var externalName: String?
        var externalOrganisation: String?
        var externalEmail: String?
        var organisationID: UUID?
        var boroughCode: String?
        var agencyKind: AgencyKind
        /// The SHA-256 of the link that reaches a place booked on the public site.
        var placeTokenHash: String?
    }

    enum Outcome: Sendable, Equatable {
        case booked
        case waiting(position: Int)
        /// The person already holds a place (or a waiting position) on the session.
        case alreadyRegistered
        /// The session was cancelled, or its day has passed.
        case closed
    }

    /// `after` runs last in the transaction, with the new place's id (a message and an audit
    /// entry to write with it: what it throws rolls the place back).
    static func register(_ trainee: Trainee, on session: TrainingSession, by actor: UUID, services: LanternServices,
                         db: any Database, after: @escaping @Sendable (UUID, any Database) async throws -> Void = { _, _ in }) async throws -> Outcome {
        guard session.sessionState == .planned, session.day >= services.today else { return .closed }
        let sessionID = try session.requireID()
        do {
            return try await db.transaction { tx in
                guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
                let booked = try await sql.update(TrainingSession.schema)
                    .set(SQLIdentifier("booked_count"), to: SQLRaw("booked_count + 1"))
                    .where("id", .equal, sessionID).where("state", .equal, TrainingSessionState.planned.rawValue)
                    .where(SQLIdentifier("booked_count"), .lessThan, SQLIdentifier("capacity"))
                    .returning("booked_count").first()
                var position: Int?
                if booked == nil {
                    guard let row = try await sql.update(TrainingSession.schema)
                        .set(SQLIdentifier("waiting_seq"), to: SQLRaw("waiting_seq + 1"))
                        .where("id", .equal, sessionID).where("state", .equal, TrainingSessionState.planned.rawValue)
                        .returning("waiting_seq").first()
                    else { return .closed }
                    position = try row.decode(column: "waiting_seq", as: Int.self)
                }
                let now = services.now
                let placeID = UUID()
                try await sql.insert(into: TrainingRegistration.schema)
                    .columns("id", "session_id", "user_id", "external_name", "external_organisation", "external_email", "organisation_id",
                             "borough_code", "agency_kind", "state", "waiting_position", "registered_by", "place_token_hash", "created_at", "updated_at")
                    .values(SQLBind(placeID), SQLBind(sessionID), SQLBind(trainee.userID), SQLBind(trainee.externalName),
                            SQLBind(trainee.externalOrganisation), SQLBind(trainee.externalEmail), SQLBind(trainee.organisationID),
                            SQLBind(trainee.boroughCode), SQLBind(trainee.agencyKind.rawValue),
                            SQLBind(position == nil ? RegistrationState.booked.rawValue : RegistrationState.waiting.rawValue),
                            SQLBind(position), SQLBind(actor), SQLBind(trainee.placeTokenHash), SQLBind(now), SQLBind(now))
                    .run()
                try await after(placeID, tx)
                return position.map { .waiting(position: $0) } ?? .booked
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The one-live-place index: the counters moved in the same transaction, so they
            // rolled back with it.
            return .alreadyRegistered
        }
    }

    enum GiveUpOutcome: Sendable, Equatable {
        case givenUp(promoted: UUID?)
        case nothingToGiveUp
    }

    /// Whose place is given up: a member's on the session, or one place by its id (an
    /// external person's, reached by their link).
    enum Holder: Sendable {
        case member(UUID)
        case place(UUID)
    }

    /// Gives up the holder's booked place or waiting position; a freed place goes to the
    /// first person waiting (who gets a task), or back to the session's free places.
    static func giveUp(_ holder: Holder, session: TrainingSession, services: LanternServices, db: any Database) async throws -> GiveUpOutcome {
        let sessionID = try session.requireID()
        return try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            // The session's row first, as a booking takes it: a give-up and a booking (or two
            // give-ups) then take turns, so a promotion sees every committed waiter. A session
            // cancelled or past has no places to give up or hand on.
            guard try await sql.update(TrainingSession.schema).set(SQLIdentifier("waiting_seq"), to: SQLIdentifier("waiting_seq"))
                .where("id", .equal, sessionID).where("state", .equal, TrainingSessionState.planned.rawValue)
                .where("held_on", .greaterThanOrEqual, services.today.daysSinceEpoch)
                .returning("id").first() != nil
            else { return .nothingToGiveUp }
            let places = TrainingRegistration.query(on: tx).filter(\.$sessionID == sessionID)
            switch holder {
            case .member(let userID): places.filter(\.$userID == userID)
            case .place(let id): places.filter(\.$id == id)
            }
            guard let live = try await places
                .filter(\.$state ~~ [RegistrationState.booked.rawValue, RegistrationState.waiting.rawValue]).first(),
                let id = live.id
            else { return .nothingToGiveUp }
            // Guarded by the state read: of two presses at once, one finds it already given up.
            guard try await sql.update(TrainingRegistration.schema)
                .set("state", to: RegistrationState.cancelled.rawValue).set("waiting_position", to: SQLLiteral.null)
                .set("updated_at", to: services.now)
                .where("id", .equal, id).where("state", .equal, live.state)
                .returning("id").first() != nil
            else { return .nothingToGiveUp }
            guard live.registrationState == .booked else { return .givenUp(promoted: nil) }
            let promoted = try await promoteFirstWaiting(sessionID: sessionID, services: services, sql: sql)
            if let promoted {
                if let promotedUser = promoted.userID {
                    let course = try await TrainingCourse.find(session.courseID, on: tx)
                    try await TaskService.create(ownerID: promotedUser, title: "A place came free for you: \(course?.title ?? "training")",
                                                 link: .trainingSession(sessionID.uuidString), due: session.day,
                                                 sourceKey: "training_place:\(promoted.id.uuidString)", services: services, on: tx)
                }
            } else {
                try await sql.update(TrainingSession.schema).set(SQLIdentifier("booked_count"), to: SQLRaw("booked_count - 1"))
                    .where("id", .equal, sessionID).where(SQLIdentifier("booked_count"), .greaterThan, SQLLiteral.numeric("0")).run()
            }
            return .givenUp(promoted: promoted?.id)
        }
    }

    /// Where a waiting place stands in the queue now (1: next to be given a place).
    static func queuePosition(of place: TrainingRegistration, on db: any Database) async throws -> Int? {
        guard place.registrationState == .waiting, let mine = place.waitingPosition else { return nil }
        let ahead = try await TrainingRegistration.query(on: db).filter(\.$sessionID == place.sessionID)
            .filter(\.$state == RegistrationState.waiting.rawValue).filter(\.$waitingPosition < mine).count()
        return ahead + 1
    }

    struct Promoted: Sendable { var id: UUID; var userID: UUID? }

    /// Turns the first waiting registration into a booked one, in one guarded statement.
    private static func promoteFirstWaiting(sessionID: UUID, services: LanternServices, sql: any SQLDatabase) async throws -> Promoted? {
        let rows = try await sql.raw("""
            UPDATE training_registrations SET state = 'booked', waiting_position = NULL, updated_at = \(bind: services.now)
            WHERE id = (SELECT id FROM training_registrations WHERE session_id = \(bind: sessionID) AND state = 'waiting'
                        ORDER BY waiting_position LIMIT 1)
              AND state = 'waiting'
            RETURNING id, user_id
            """).all()
        guard let row = rows.first else { return nil }
        return Promoted(id: try row.decode(column: "id", as: UUID.self), userID: try row.decodeNil(column: "user_id") ? nil : try row.decode(column: "user_id", as: UUID.self))
    }
}
