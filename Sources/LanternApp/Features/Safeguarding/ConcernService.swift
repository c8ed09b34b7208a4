import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Raising, acknowledging, re-routing and closing concerns. Each change is one transaction;
/// the steps that may happen only once (acknowledging, closing, re-routing from where the
/// concern stood) are one UPDATE whose WHERE holds the state the step needs, so of many
/// people doing it at once exactly one changes the row.
enum ConcernService {
    /// Where a concern goes: the directory entry, its organisation and (when the entry names
    /// one of that organisation's teams) its team.
    struct Destination: Sendable {
        let entryID: UUID?
        let organisationID: UUID
        let teamID: UUID?
        let boroughCode: String
    }

    /// What the raise form gives, checked.
    struct Raise: Sendable {
        let subject: ConcernSubject
        let kind: ConcernKind
        let urgency: ConcernUrgency
        let policeBox: Bool
        let boroughCode: String
        let seen: String
    }

    /// The live directory entry of a kind for a borough (the one verified last), with its team
    /// when that team is its maintaining organisation's.
    static func destination(kind: DirectoryEntryKind, borough: String, on db: any Database) async throws -> Destination? {
        guard let entry = try await DirectoryEntry.query(on: db).filter(\.$boroughCode == borough).filter(\.$kind == kind.rawValue)
            .filter(\.$retiredAt == nil).sort(\.$verifiedAt, .descending).first() else { return nil }
        return try await destination(of: entry, on: db)
    }

    static func destination(of entry: DirectoryEntry, on db: any Database) async throws -> Destination {
        let organisationID = entry.$organisation.id
        var teamID: UUID?
        if let id = entry.teamID, let team = try await Team.find(id, on: db), team.$organisation.id == organisationID { teamID = id }
        return Destination(entryID: entry.id, organisationID: organisationID, teamID: teamID, boroughCode: entry.boroughCode)
    }

    /// The cipher a concern's text is sealed with: its case's (nil once the case is erased), or
    /// the field cipher for a concern on its own.
    static func cipher(caseID: UUID?, services: LanternServices, on db: any Database) async throws -> FieldCipher? {
        guard let caseID else { return services.cipher }
        return try await services.caseKeys.cipher(for: caseID, on: db)
    }

    static func deadline(for urgency: ConcernUrgency, routedAt: Date, services: LanternServices) -> Date {
        let settings = services.settings
        return ConcernDeadline.acknowledgeBy(
            routedAt: routedAt,
            workingDays: ConcernDeadline.workingDays(for: urgency, urgent: settings.concernAckUrgentWorkingDays,
                                                     standard: settings.concernAckStandardWorkingDays),
            holidays: CaseService.limits.holidays)
    }

    /// Creates the concern (and the police's copy where the police must know), each routed to
    /// its destination, in the caller's transaction; returns the ids, the council's first.
    static func raise(_ raise: Raise, caseID: UUID?, cipher: FieldCipher, destinations: [(ConcernRouting.Target, Destination)],
                      by raiser: (userID: UUID, organisationID: UUID), services: LanternServices, on db: any Database) async throws -> [UUID] {
        let now = services.now
        var ids: [UUID] = []
        for (target, destination) in destinations {
            let id = UUID()
            let concern = SafeguardingConcern()
            concern.id = id
            concern.caseID = caseID
            concern.raisedBy = raiser.userID
            concern.raisedByOrganisationID = raiser.organisationID
            concern.subject = raise.subject.rawValue
            concern.kind = raise.kind.rawValue
            concern.urgency = raise.urgency.rawValue
            concern.policeBox = raise.policeBox
            concern.linkedConcernID = target.isPoliceCopy ? ids.first : nil
            concern.boroughCode = destination.boroughCode
            concern.sealedSeen = try cipher.seal(raise.seen, context: SafeguardingConcern.seenContext(id))
            concern.routedOrganisationID = destination.organisationID
            concern.routedTeamID = destination.teamID
            concern.routedEntryID = destination.entryID
            concern.routedAt = now
            concern.acknowledgeBy = deadline(for: raise.urgency, routedAt: now, services: services)
            concern.recordedBy = raiser.userID
            concern.recordedAt = now
            try await concern.create(on: db)
            try await addRoute(concernID: id, from: nil, to: destination, reason: nil, cipher: cipher, by: raiser.userID, services: services, on: db)
            try await notifyReceivers(concernID: id, organisationID: destination.organisationID, teamID: destination.teamID,
                                      services: services, on: db)
            ids.append(id)
        }
        return ids
    }

    static func addRoute(concernID: UUID, from: (organisationID: UUID, teamID: UUID?)?, to destination: Destination, reason: String?,
                         cipher: FieldCipher, by userID: UUID, services: LanternServices, on db: any Database) async throws {
        let route = SafeguardingConcernRoute()
        let routeID = UUID()
        route.id = routeID
        route.$concern.id = concernID
        route.fromOrganisationID = from?.organisationID
        route.fromTeamID = from?.teamID
        route.toOrganisationID = destination.organisationID
        route.toTeamID = destination.teamID
        route.toEntryID = destination.entryID
        route.sealedReason = try reason.map { try cipher.seal($0, context: SafeguardingConcernRoute.reasonContext(routeID)) }
        route.routedAt = services.now
        route.recordedBy = userID
        route.recordedAt = services.now
        try await route.create(on: db)
    }

    /// Emails the receiving team's members (or, routed to no team, the organisation's leads)
    /// that a concern waits, with its link and nothing else.
    static func notifyReceivers(concernID: UUID, organisationID: UUID, teamID: UUID?, services: LanternServices, on db: any Database) async throws {
        let people: [User]
        if let teamID {
            let members = try await TeamMember.query(on: db).filter(\.$team.$id == teamID).all().map { $0.$user.id }
            people = members.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ members).filter(\.$disabledAt == nil).all()
        } else {
            people = try await leads(of: organisationID, services: services, on: db)
        }
        for person in people {
            try await Outbox.enqueue(.concernWaiting, to: person.email, link: .concern(concernID.uuidString),
                                     organisationID: person.$organisation.id, services: services, on: db)
        }
    }

    /// The organisation's active people who handle any of its concerns (its modern slavery leads).
    static func leads(of organisationID: UUID, services: LanternServices, on db: any Database) async throws -> [User] {
        try await User.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$disabledAt == nil).all()
            .filter { services.policy.permits($0.roleSet, .handleConcern, on: .sameOrganisation) }
    }

    // MARK: the steps that happen once

    /// Acknowledges a waiting (or escalated) concern; false when it was already acknowledged
    /// or closed (someone else was first).
    static func acknowledge(_ id: UUID, by userID: UUID, at now: Date, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.update(SafeguardingConcern.schema)
            .set("acknowledged_at", to: SQLBind(now)).set("acknowledged_by", to: SQLBind(userID))
            .where("id", .equal, SQLBind(id)).where("acknowledged_at", .is, SQLLiteral.null).where("closed_at", .is, SQLLiteral.null)
            .returning("id").first()
        return row != nil
    }

    /// Records the outcome of an acknowledged, open concern; false when it is not acknowledged
    /// or already closed.
    static func close(_ id: UUID, outcome: ConcernOutcome, sealedNote: String?, by userID: UUID, at now: Date, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.update(SafeguardingConcern.schema)
            .set("outcome", to: SQLBind(outcome.rawValue)).set("sealed_outcome_note", to: SQLBind(sealedNote))
            .set("closed_at", to: SQLBind(now)).set("closed_by", to: SQLBind(userID))
            .where("id", .equal, SQLBind(id)).where("acknowledged_at", .isNot, SQLLiteral.null).where("closed_at", .is, SQLLiteral.null)
            .returning("id").first()
        return row != nil
    }

    /// Moves an open concern from where it stood (`from`) to `destination`: it waits again,
    /// for the new team, with a new deadline. False when it was closed or moved meanwhile.
    static func reroute(_ id: UUID, from: (organisationID: UUID, teamID: UUID?), to destination: Destination, urgency: ConcernUrgency,
                        services: LanternServices, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let now = services.now
        var update = sql.update(SafeguardingConcern.schema)
            .set("routed_organisation_id", to: SQLBind(destination.organisationID))
            .set("routed_team_id", to: SQLBind(destination.teamID))
            .set("routed_entry_id", to: SQLBind(destination.entryID))
            .set("borough_code", to: SQLBind(destination.boroughCode))
            .set("routed_at", to: SQLBind(now))
            .set("acknowledge_by", to: SQLBind(deadline(for: urgency, routedAt: now, services: services)))
            .set("acknowledged_at", to: SQLLiteral.null).set("acknowledged_by", to: SQLLiteral.null)
            .set("escalated_at", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(id)).where("closed_at", .is, SQLLiteral.null)
            .where("routed_organisation_id", .equal, SQLBind(from.organisationID))
        if let team = from.teamID {
            update = update.where("routed_team_id", .equal, SQLBind(team))
        } else {
            update = update.where("routed_team_id", .is, SQLLiteral.null)
        }
        return try await update.returning("id").first() != nil
    }
}
