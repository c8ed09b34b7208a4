import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Where a reciprocal housing request goes and who is told about it.
enum HousingRequestRouting {
    /// The borough's housing points of contact in the directory, not retired. Read with SQL so
    /// the entry's team (`directory_entries.team_id`, added by a later migration) is used when
    /// the column is there and the request goes to the organisation as a whole when it is not.
    static func candidates(in borough: String, on db: any Database) async throws -> [HousingRequestRules.Candidate] {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let rows = try await sql.select().column("*").from(DirectoryEntry.schema)
            .where("borough_code", .equal, borough)
            .where("kind", .equal, DirectoryEntryKind.councilHousing.rawValue)
            .where("retired_at", .is, SQLLiteral.null)
            .all()
        return try rows.map { row in
            let team = (try? row.decodeNil(column: "team_id")) == false ? try? row.decode(column: "team_id", as: UUID.self) : nil
            return HousingRequestRules.Candidate(
                id: try row.decode(column: "id", as: UUID.self).uuidString, boroughCode: borough, kind: .councilHousing, retired: false,
                verifiedAt: try row.decode(column: "verified_at", as: Date.self).timeIntervalSince1970,
                organisationID: try row.decode(column: "organisation_id", as: UUID.self).uuidString, teamID: team?.uuidString)
        }
    }

    /// Where the request sits for the access rules: with the receiving organisation (and team),
    /// shared with the organisation that sent it.
    static func placement(of row: HousingRequest) -> RecordPlacement {
        RecordPlacement(organisationID: row.toOrganisationID.uuidString, teamID: row.toTeamID?.uuidString,
                        sharesInForce: [ShareAddress(organisationID: row.fromOrganisationID.uuidString, teamID: nil)])
    }

    /// Where the request sits for its receiving side's staff reading it: with the receiving
    /// organisation and team only.
    static func receivingPlacement(of row: HousingRequest) -> RecordPlacement {
        RecordPlacement(organisationID: row.toOrganisationID.uuidString, teamID: row.toTeamID?.uuidString)
    }

    /// Each person of the receiving organisation who may answer the request (its leads; the
    /// receiving team's members when it names one) gets a task, and an email saying only that a
    /// task is waiting. Made once per request and person (`sourceKey`).
    static func notifyReceivers(of row: HousingRequest, services: LanternServices, on db: any Database) async throws {
        let requestID = try row.requireID()
        let people = try await User.query(on: db).filter(\.$organisation.$id == row.toOrganisationID).filter(\.$disabledAt == nil).all()
        var teamMembers: Set<UUID> = []
        if let team = row.toTeamID {
            teamMembers = Set(try await TeamMember.query(on: db).filter(\.$team.$id == team).all().map { $0.$user.id })
        }
        for person in people {
            let id = try person.requireID()
            let mayAnswer = services.policy.permits(person.roleSet, .answerHousingRequest, on: .sameOrganisation)
                || (teamMembers.contains(id) && services.policy.permits(person.roleSet, .answerHousingRequest, on: .sameTeam))
            guard mayAnswer else { continue }
            try await TaskService.create(ownerID: id, title: HousingRequestRules.waitingTaskTitle, link: .housingRequest(requestID.uuidString),
                                         due: nil, sourceKey: "housing_request:\(requestID.uuidString)", services: services, on: db)
        }
    }
}

extension HousingRequest: NarrowableRecord {
    /// Requests received: to the viewer's organisation (leads), or to one of their teams.
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<HousingRequest>? {
        let own = viewpoint.context.organisationID, teams = viewpoint.teamIDs
        switch relation {
        case .sameOrganisation: return RecordCondition { $0.filter(\.$toOrganisationID == own) }
        case .sameTeam:
            guard !teams.isEmpty else { return nil }
            return RecordCondition { $0.group(.and) { $0.filter(\.$toOrganisationID == own).filter(\.$toTeamID ~~ teams) } }
        default: return nil
        }
    }
}
