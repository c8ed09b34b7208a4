import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// A group's actions over HTTP: added by the secretariat with field messages for bad input,
/// updated by their owner (and nobody outside the group), chased by a daily sweep (40 sweeps
/// at once: one task), shown overdue in red and in words, published with the owner's
/// organisation and never their name.
@Suite struct PartnershipActionsHTTPTests {
    @Test(arguments: TestDatabase.available)
    func theSecretariatAddsActionsTheirOwnersUpdateThemAndTheLogSaysWhatIsOverdue(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let b = try await MinutesHTTPTests.board(lantern)
            let db = lantern.app.db
            let groupID = b.group.id!
            let secretary = try await lantern.governanceBrowser(b.secretary)
            let memberships = try await GroupMember.query(on: db).filter(\.$group.$id == groupID).all()
            let memberMembership = try #require(memberships.first { $0.$user.id == b.member.id })
            let newPath = "/groups/\(groupID)/actions/new"

            // MUT: bad input is refused with messages and kept
            #expect(try await secretary.get(newPath).status == .ok)
            let bad = try await secretary.post(newPath, [("title", "Map the SPOCs"), ("owner", ""), ("due", "2026-02-30"), ("status", "dropped")])
            #expect(bad.status == .unprocessableEntity)
            let page = bad.body.string
            #expect(page.contains("Choose the owner") && page.contains("must be a real date") && page.contains("Say why the action is dropped"))
            #expect(page.contains("value=\"Map the SPOCs\"") && page.contains("value=\"2026-02-30\""))
            #expect(try await lantern.governanceBrowser(b.member).post(newPath, [("title", "X")]).status == .notFound)

            // an action from an agenda item, owned by a member for their organisation
            let dueSoon = lantern.today.adding(days: 5)
            let created = try await secretary.post(newPath, [("title", "Map the borough SPOCs"), ("owner", memberMembership.id!.uuidString),
                                                             ("due", dueSoon.iso), ("status", "open"), ("agendaItem", b.welcome.id!.uuidString)])
            #expect(created.status == .seeOther)
            let action = try #require(try await PartnershipAction.query(on: db).filter(\.$title == "Map the borough SPOCs").first())
            #expect(action.ownerUserID == b.member.id && action.ownerOrganisationID == b.member.organisationID && action.agendaItemID == b.welcome.id)
            let overdueDay = lantern.today.adding(days: -3)
            #expect(try await secretary.post(newPath, [("title", "Write the annual report"), ("owner", memberMembership.id!.uuidString),
                                                       ("due", overdueDay.iso)]).status == .seeOther)
            let overdue = try #require(try await PartnershipAction.query(on: db).filter(\.$title == "Write the annual report").first())
            let actionPath = "/partnership-actions/\(action.id!)"

            // the owner posts dated updates; dropping needs a reason; outsiders see nothing
            let owner = try await lantern.governanceBrowser(b.member)
            #expect(try await owner.get(actionPath).status == .ok)
            #expect(try await owner.post("\(actionPath)/updates", [("text", " ")]).status == .unprocessableEntity)
            let noReason = try await owner.post("\(actionPath)/updates", [("text", "Cannot go on"), ("status", "dropped")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Cannot go on"))
            #expect(try await owner.post("\(actionPath)/updates", [("text", "Half the boroughs replied"), ("status", "in_progress")]).status == .seeOther)
            #expect(try await PartnershipAction.find(action.id, on: db)?.actionStatus == .inProgress)
            let updates = try await PartnershipActionUpdate.query(on: db).filter(\.$actionID == action.id!).all()
            #expect(updates.count == 1 && updates[0].writtenOn == lantern.today.daysSinceEpoch && updates[0].writtenBy == b.member.id)
            // A lead of another organisation, though it hosts the group, sees nothing of it;
            // the owner's own organisation's lead may follow their colleague's action up.
            let elsewhere = try await lantern.makeOrganisation("Elsewhere Council")
            let otherLead = try await lantern.makePerson(in: elsewhere, roles: [.modernSlaveryLead])
            let hostLead = try await lantern.makePerson(in: try #require(try await Organisation.find(b.group.$hostOrganisation.id, on: db)),
                                                        roles: [.modernSlaveryLead])
            for person in [otherLead, hostLead] {
                let outsider = try await lantern.governanceBrowser(person)
                #expect(try await outsider.get(actionPath).status == .notFound)
                #expect(try await outsider.post("\(actionPath)/updates", [("text", "Hijack")]).status == .notFound)
            }
            let ownersLead = try await lantern.governanceBrowser(b.outsider)
            #expect(try await ownersLead.get(actionPath).status == .ok)
            #expect(try await owner.post("/partnership-actions/\(action.id!)/edit", [("title", "Renamed")]).status == .notFound)

            // the secretariat's log: overdue in red and in words; filtered by status
            let log = try await secretary.get("/groups/\(groupID)/actions").body.string
            #expect(log.contains("Overdue") && log.contains("tag--red") && log.contains("Map the borough SPOCs"))
            let filtered = try await secretary.get("/groups/\(groupID)/actions?status=in_progress").body.string
            #expect(filtered.contains("Map the borough SPOCs") && !filtered.contains("Write the annual report"))
            // A member (the owner) reads the log too, without the button to add an action.
            let membersLog = try await owner.get("/groups/\(groupID)/actions")
            #expect(membersLog.status == .ok && !membersLog.body.string.contains("/actions/new"))
            #expect(log.contains("/groups/\(groupID)/actions/new"))

            // the secretariat drops the overdue one with a reason
            let drop = try await secretary.post("/partnership-actions/\(overdue.id!)/edit", [
                ("title", "Write the annual report"), ("owner", memberMembership.id!.uuidString), ("due", overdueDay.iso),
                ("status", "dropped"), ("dropReason", "Folded into the strategy"),
            ])
            #expect(drop.status == .seeOther)
            #expect(try await PartnershipAction.find(overdue.id, on: db)?.dropReason == "Folded into the strategy")

            // published log: the organisation, never the person
            let published = try await PartnershipActionsHTTPTests.publicLog(groupID, db)
            #expect(published.contains { $0.title == "Map the borough SPOCs" && $0.organisationName == "Camden Council" && $0.status == .inProgress })
            #expect(!published.map(\.title).joined().contains(b.member.user.displayName))

            let audited = Set(try await AuditEntry.query(on: db).all().map(\.action))
            #expect(audited.isSuperset(of: ["partnership_action.created", "partnership_action.updated", "partnership_action.changed"]))
        }
    }

    static func publicLog(_ groupID: UUID, _ db: any Database) async throws -> [GovernancePublication.PublishedAction] {
        try await GovernancePublication.actionLog(groupID: groupID, on: db)
    }

    @Test(arguments: TestDatabase.available)
    func anActionDueSoonOrOverdueGivesItsOwnerOneTaskHoweverManySweepsRun(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup: one action due in 5 days, one overdue, one due in 30 days, one done and overdue
            let b = try await MinutesHTTPTests.board(lantern)
            let db = lantern.app.db, today = lantern.today
            func action(_ title: String, due: Day, status: PartnershipActionStatus) async throws -> PartnershipAction {
                let action = PartnershipAction()
                action.id = UUID()
                action.groupID = b.group.id!
                action.title = title
                action.ownerUserID = b.member.id
                action.ownerOrganisationID = b.member.organisationID
                action.dueOn = due.daysSinceEpoch
                action.status = status.rawValue
                action.createdAt = lantern.clock.now
                action.createdBy = b.secretary.id
                try await action.create(on: db)
                return action
            }
            let soon = try await action("Soon", due: today.adding(days: 5), status: .open)
            let late = try await action("Late", due: today.adding(days: -2), status: .inProgress)
            _ = try await action("Later", due: today.adding(days: 30), status: .open)
            _ = try await action("Finished", due: today.adding(days: -2), status: .done)
            let services = lantern.app.lantern

            // MUT: 40 sweeps at once
            let made = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 { group.addTask { try await PartnershipActionTasks.run(services: services, today: today, on: db) } }
                var total = 0
                for try await count in group { total += count }
                return total
            }

            // validate: one task each for the due-soon and the overdue action
            #expect(made == 2)
            let tasks = try await PersonTask.query(on: db).filter(\.$ownerID == b.member.id).all()
            let keys = Set(tasks.compactMap(\.sourceKey))
            #expect(keys == ["governance_action_due:\(soon.id!):\(soon.dueOn)", "governance_action_overdue:\(late.id!):\(late.dueOn)"])
            #expect(tasks.allSatisfy { !$0.title.contains("Soon") && !$0.title.contains("Late") })
            // the same sweep tomorrow makes nothing new
            #expect(try await PartnershipActionTasks.run(services: services, today: today, on: db) == 0)
        }
    }
}
