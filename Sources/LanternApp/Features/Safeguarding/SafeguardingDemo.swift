import Fluent
import Foundation
import LanternCore

/// The demo's safeguarding concerns, all fictional, raised by the demo council's case worker
/// and routed through the demo directory (which the contacts demo made first): the council's
/// adult safeguarding entries route to a demo team the case worker belongs to. One concern on
/// an open case about modern slavery (so also sent to the police), waiting; one about a child
/// raised on its own two days ago and never acknowledged (escalated to the leads by the job);
/// one re-routed, acknowledged and closed with its outcome. Does nothing without the council.
enum SafeguardingDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let worker = demo.person(.caseWorker) ?? demo.person(.modernSlaveryLead) else { return }
        let services = demo.services, now = demo.now
        // The team the council's adult safeguarding entries route to, with the case worker in it.
        let team = Team(organisationID: council, name: "Adult safeguarding (demo)", createdAt: now)
        try await team.create(on: db)
        let member = TeamMember()
        member.id = UUID()
        member.$team.id = try team.requireID()
        member.$user.id = worker
        member.addedAt = now
        member.addedBy = worker
        try await member.create(on: db)
        let entries = try await DirectoryEntry.query(on: db).filter(\.$organisation.$id == council)
            .filter(\.$kind == DirectoryEntryKind.councilAdultSafeguarding.rawValue).all()
        for entry in entries {
            entry.teamID = team.id
            try await entry.save(on: db)
        }
        let raiser = (userID: worker, organisationID: council)

        func raise(_ raise: ConcernService.Raise, caseID: UUID?, hoursAgo: Double) async throws -> [UUID] {
            guard let cipher = try await ConcernService.cipher(caseID: caseID, services: services, on: db) else { return [] }
            var destinations: [(ConcernRouting.Target, ConcernService.Destination)] = []
            for target in ConcernRouting.targets(subject: raise.subject, kind: raise.kind, policeBox: raise.policeBox) {
                guard let destination = try await ConcernService.destination(kind: target.kind, borough: raise.boroughCode, on: db) else { return [] }
                destinations.append((target, destination))
            }
            let ids = try await ConcernService.raise(raise, caseID: caseID, cipher: cipher, destinations: destinations, by: raiser,
                                                     services: services, on: db)
            // Back-date it: raised `hoursAgo`, with the deadline that time gives.
            let at = now.addingTimeInterval(-hoursAgo * 3_600)
            for id in ids {
                guard let concern = try await SafeguardingConcern.find(id, on: db) else { continue }
                concern.recordedAt = at
                concern.routedAt = at
                concern.acknowledgeBy = ConcernService.deadline(for: raise.urgency, routedAt: at, services: services)
                try await concern.save(on: db)
                try await SafeguardingConcernRoute.query(on: db).filter(\.$concern.$id == id).set(\.$routedAt, to: at).set(\.$recordedAt, to: at).update()
            }
            return ids
        }

        let openCase = try await CaseRecord.query(on: db).filter(\.$organisation.$id == council).filter(\.$erasedAt == nil)
            .filter(\.$stage != Stage.closed.rawValue).sort(\.$reference).first()
        if let openCase {
            _ = try await raise(.init(subject: .adult, kind: .modernSlavery, urgency: .standard, policeBox: false,
                                      boroughCode: openCase.boroughIdentified ?? "E09000012",
                                      seen: "Told staff at the car wash keep his passport and pay him nothing (demo)."),
                                caseID: openCase.requireID(), hoursAgo: 3)
        }
        _ = try await raise(.init(subject: .child, kind: .criminalExploitation, urgency: .urgent, policeBox: true, boroughCode: "E09000012",
                                  seen: "A boy of about 15 seen handing over packages at the station late at night, twice this week (demo)."),
                            caseID: nil, hoursAgo: 50)
        if let closed = try await raise(.init(subject: .adult, kind: .selfNeglect, urgency: .standard, policeBox: false, boroughCode: "E09000007",
                                              seen: "Neighbour reports a man not leaving his flat, no food delivered for a week (demo)."),
                                        caseID: nil, hoursAgo: 24 * 6).first,
           let concern = try await SafeguardingConcern.find(closed, on: db) {
            // Re-routed to another council team, then acknowledged and closed.
            let housing = Team(organisationID: concern.routedOrganisationID, name: "Housing options (demo)", createdAt: now)
            try await housing.create(on: db)
            let from = (organisationID: concern.routedOrganisationID, teamID: concern.routedTeamID)
            let destination = ConcernService.Destination(entryID: concern.routedEntryID, organisationID: concern.routedOrganisationID,
                                                         teamID: housing.id, boroughCode: concern.boroughCode)
            if try await ConcernService.reroute(closed, from: from, to: destination, urgency: .standard, services: services, on: db) {
                try await ConcernService.addRoute(concernID: closed, from: from, to: destination, reason: "Housing need rather than care (demo).",
                                                  cipher: services.cipher, by: worker, services: services, on: db)
            }
            _ = try await ConcernService.acknowledge(closed, by: worker, at: now.addingTimeInterval(-3_600 * 30), on: db)
            _ = try await ConcernService.close(closed, outcome: .supportArranged,
                                               sealedNote: try services.cipher.seal("Housing officer visited; support arranged (demo).",
                                                                                    context: SafeguardingConcern.outcomeContext(closed)),
                                               by: worker, at: now.addingTimeInterval(-3_600 * 2), on: db)
        }
        // The child's concern is past its deadline: escalated to the leads, as the job would.
        _ = try await ConcernEscalations.run(services: services, on: db)
    }
}
