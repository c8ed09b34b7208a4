import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Groups and terms of reference over HTTP, on SQLite and PostgreSQL: who may create, see and
/// run a group; members see it and others get 404; ending a membership ends the access; terms
/// are versioned, compared and flagged; 40 sweeps at once make one review task per person.
@Suite struct GroupsHTTPTests {
    /// A host organisation with a board secretariat, a board made by them, and people.
    struct World {
        let host: Organisation
        let camden: Organisation
        let secretariatRole: TestPerson
        let member: TestPerson
        let groupSecretary: TestPerson
        let outsider: TestPerson
        let admin: TestPerson
        let readOnly: TestPerson
        let groupID: UUID
        var path: String { "/groups/\(groupID)" }
    }

    /// Signed in, with a page seen (the browser posts the token of the last page it saw).
    static func browse(_ lantern: TestLantern, _ person: TestPerson) async throws -> TestBrowser {
        let browser = try await lantern.signedIn(person)
        try await browser.get("/groups")
        return browser
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let host = try await lantern.makeOrganisation("Mayor's Office for Policing and Crime", kind: .council)
        let camden = try await lantern.makeOrganisation("Camden Council")
        let secretariatRole = try await lantern.makePerson(in: host, roles: [.boardSecretariat])
        let member = try await lantern.makePerson(in: camden, roles: [.caseWorker])
        let groupSecretary = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
        let outsider = try await lantern.makePerson(in: camden, roles: [.caseWorker])
        let admin = try await lantern.makePerson(in: camden, roles: [.platformAdmin])
        let readOnly = try await lantern.makePerson(in: camden, roles: [.readOnly])
        let browser = try await Self.browse(lantern, secretariatRole)
        let created = try await browser.post("/groups/new", [
            ("kind", "board"), ("name", "Partnership Board (test)"), ("slug", ""), ("purpose", "Leads the partnership."),
            ("parentID", ""), ("hostOrganisationID", host.id!.uuidString), ("isPublic[]", "yes")])
        #expect(created.status == .seeOther)
        let group = try #require(try await PartnershipGroup.query(on: lantern.app.db).filter(\.$slug == "partnership-board-test").first())
        let today = lantern.today
        #expect(try await browser.post("/groups/\(group.id!)/members", [
            ("userID", member.id.uuidString), ("organisationID", ""), ("role", "member"), ("from", today.adding(days: -10).iso), ("until", "")]).status == .seeOther)
        #expect(try await browser.post("/groups/\(group.id!)/members", [
            ("userID", groupSecretary.id.uuidString), ("organisationID", ""), ("role", "secretariat"), ("from", today.adding(days: -10).iso),
            ("until", "")]).status == .seeOther)
        return World(host: host, camden: camden, secretariatRole: secretariatRole, member: member, groupSecretary: groupSecretary,
                     outsider: outsider, admin: admin, readOnly: readOnly, groupID: group.id!)
    }

    @Test(arguments: TestDatabase.available)
    func whoMayCreateSeeAndRunAGroup(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let group = try #require(try await PartnershipGroup.find(w.groupID, on: lantern.app.db))
            #expect(group.$hostOrganisation.id == w.host.id && group.isPublic && group.groupKind == .board)
            let members = try await GroupMember.query(on: lantern.app.db).filter(\.$group.$id == w.groupID).all()
            // The organisation represented defaults to the person's own.
            #expect(members.first { $0.$user.id == w.member.id }?.organisationID == w.camden.id)

            // creating: the board secretariat role for its own organisation, platform administrators for any
            let caseWorker = try await Self.browse(lantern, w.outsider)
            let refused = try await caseWorker.get("/groups/new")
            #expect(refused.status == .forbidden)
            #expect(try await caseWorker.post("/groups/new", [("kind", "board"), ("name", "Mine"), ("hostOrganisationID", w.camden.id!.uuidString)]).status == .forbidden)
            #expect(try await Self.browse(lantern, w.readOnly).get("/groups/new").status == .forbidden)
            let secretariat = try await Self.browse(lantern, w.secretariatRole)
            let elsewhere = try await secretariat.post("/groups/new", [("kind", "board"), ("name", "Camden board"), ("hostOrganisationID", w.camden.id!.uuidString)])
            #expect(elsewhere.status == .unprocessableEntity && elsewhere.body.string.contains("Choose an organisation you can host groups for"))
            let admin = try await Self.browse(lantern, w.admin)
            #expect(try await admin.post("/groups/new", [("kind", "network"), ("name", "Leads Network"), ("slug", "leads"),
                                                         ("hostOrganisationID", w.camden.id!.uuidString)]).status == .seeOther)

            // seeing: members and those who run it; anyone else 404, and the list leaves it out
            let memberBrowser = try await Self.browse(lantern, w.member)
            let page = try await memberBrowser.get(w.path)
            #expect(page.status == .ok && page.body.string.contains("Partnership Board (test)") && page.body.string.contains(w.member.user.displayName))
            #expect(try await memberBrowser.get("/groups").body.string.contains("Partnership Board (test)"))
            #expect(try await caseWorker.get(w.path).status == .notFound)
            #expect(!(try await caseWorker.get("/groups").body.string.contains("Partnership Board (test)")))
            #expect(try await Self.browse(lantern, w.readOnly).get(w.path).status == .notFound)
            #expect(try await admin.get(w.path).status == .ok)
            #expect(try await secretariat.get(w.path).status == .ok)

            // running: a plain member may not; the group's secretariat, the host's secretariat and admins may
            #expect(try await memberBrowser.get("\(w.path)/edit").status == .notFound)
            #expect(try await memberBrowser.post("\(w.path)/members", [("userID", w.outsider.id.uuidString), ("role", "member"),
                                                                        ("from", lantern.today.iso)]).status == .notFound)
            #expect(!(page.body.string.contains("Add a member")))
            let groupSecretary = try await Self.browse(lantern, w.groupSecretary)
            #expect(try await groupSecretary.get("\(w.path)/edit").status == .ok)
            #expect(try await groupSecretary.post("\(w.path)/edit", [("name", "Partnership Board (renamed)"), ("slug", "partnership-board-test"),
                                                                      ("purpose", "Leads."), ("parentID", ""),
                                                                      ("hostOrganisationID", w.host.id!.uuidString)]).status == .seeOther)
            #expect(try await PartnershipGroup.find(w.groupID, on: lantern.app.db)?.name == "Partnership Board (renamed)")
            #expect(try await admin.get("\(w.path)/edit").status == .ok)
            #expect(try await caseWorker.post("\(w.path)/edit", [("name", "Taken over")]).status == .notFound)
            #expect(try await groupSecretary.post("\(w.path)/members", [("userID", w.member.id.uuidString)], csrf: false).status == .forbidden)

            // sub-groups: under a board or network only
            let sub = try await secretariat.post("/groups/new", [("kind", "subgroup"), ("name", "Data sub-group"), ("parentID", w.groupID.uuidString),
                                                                 ("hostOrganisationID", w.host.id!.uuidString)])
            #expect(sub.status == .seeOther)
            let subgroup = try #require(try await PartnershipGroup.query(on: lantern.app.db).filter(\.$slug == "data-sub-group").first())
            #expect(subgroup.$parent.id == w.groupID)
            let underSub = try await secretariat.post("/groups/new", [("kind", "subgroup"), ("name", "Deeper"), ("parentID", subgroup.id!.uuidString),
                                                                      ("hostOrganisationID", w.host.id!.uuidString)])
            #expect(underSub.status == .unprocessableEntity && underSub.body.string.contains("not another sub-group"))
            let orphan = try await secretariat.post("/groups/new", [("kind", "subgroup"), ("name", "Orphan"), ("parentID", ""),
                                                                    ("hostOrganisationID", w.host.id!.uuidString)])
            #expect(orphan.status == .unprocessableEntity && orphan.body.string.contains("Choose the board or network this sub-group belongs to"))
            let boardUnder = try await secretariat.post("/groups/new", [("kind", "board"), ("name", "Board under"), ("parentID", w.groupID.uuidString),
                                                                        ("hostOrganisationID", w.host.id!.uuidString)])
            #expect(boardUnder.status == .unprocessableEntity && boardUnder.body.string.contains("Only a sub-group can be part of another group"))
            #expect(try await secretariat.get(w.path).body.string.contains("Data sub-group"))
            // the sub-group is not public and the outsider is no member of it: not there for them
            #expect(!subgroup.isPublic)
            #expect(try await caseWorker.get("/groups/\(subgroup.id!)").status == .notFound)

            // audited
            let actions = Set(try await AuditEntry.query(on: lantern.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["group.created", "group.member_added", "group.viewed", "group.changed", "groups.listed"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func badInputIsRefusedWithMessagesAndKept(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let secretariat = try await Self.browse(lantern, w.secretariatRole)
            let empty = try await secretariat.post("/groups/new", [("kind", ""), ("name", " "), ("purpose", "Kept purpose text"),
                                                                   ("hostOrganisationID", w.host.id!.uuidString)])
            #expect(empty.status == .unprocessableEntity)
            let body = empty.body.string
            #expect(body.contains("Choose the kind of group") && (body.contains("Enter the group&#39;s name") || body.contains("Enter the group's name")))
            #expect(body.contains("Kept purpose text"))
            let badSlug = try await secretariat.post("/groups/new", [("kind", "network"), ("name", "Network"), ("slug", "Not A Slug"),
                                                                     ("hostOrganisationID", w.host.id!.uuidString)])
            #expect(badSlug.status == .unprocessableEntity && badSlug.body.string.contains("Not A Slug"))
            #expect(badSlug.body.string.contains("lower-case letters, numbers and single hyphens"))
            let taken = try await secretariat.post("/groups/new", [("kind", "network"), ("name", "Network"), ("slug", "partnership-board-test"),
                                                                   ("hostOrganisationID", w.host.id!.uuidString)])
            #expect(taken.status == .unprocessableEntity && taken.body.string.contains("Another group already has this short name"))

            // memberships: a person, real dates, in order, no overlap
            let noPerson = try await secretariat.post("\(w.path)/members", [("userID", ""), ("role", "member"), ("from", "2026-13-01"),
                                                                            ("until", "soon")])
            #expect(noPerson.status == .unprocessableEntity)
            let text = noPerson.body.string
            #expect(text.contains("Choose a person from the list") && text.contains("Enter the first day of the membership as a date"))
            #expect(text.contains("Enter the last day as a date") && text.contains("value=\"2026-13-01\"") && text.contains("value=\"soon\""))
            let backwards = try await secretariat.post("\(w.path)/members", [("userID", w.outsider.id.uuidString), ("role", "member"),
                                                                             ("from", "2026-05-01"), ("until", "2026-04-01")])
            #expect(backwards.status == .unprocessableEntity && backwards.body.string.contains("on or after the first day"))
            let twice = try await secretariat.post("\(w.path)/members", [("userID", w.member.id.uuidString), ("role", "chair"),
                                                                         ("from", lantern.today.iso)])
            #expect(twice.status == .unprocessableEntity && twice.body.string.contains("already a member for some of these dates"))
            let badRole = try await secretariat.post("\(w.path)/members", [("userID", w.outsider.id.uuidString), ("role", "king"),
                                                                           ("from", lantern.today.iso)])
            #expect(badRole.status == .unprocessableEntity && badRole.body.string.contains("Choose a role"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func endingAMembershipEndsTheAccess(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today
            let membership = try #require(try await GroupMember.query(on: lantern.app.db).filter(\.$user.$id == w.member.id).first())
            let member = try await Self.browse(lantern, w.member)
            let secretariat = try await Self.browse(lantern, w.groupSecretary)
            #expect(try await member.get(w.path).status == .ok)
            #expect(try await Self.browse(lantern, w.groupSecretary).get("/groups").body.string.contains("Partnership Board (test)"))

            // a bad date is refused and kept
            let bad = try await secretariat.post("\(w.path)/members/\(membership.id!)/end", [("until", "yesterday")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("value=\"yesterday\""))
            // ending today: still a member all day
            #expect(try await secretariat.post("\(w.path)/members/\(membership.id!)/end", [("until", today.iso)]).status == .seeOther)
            #expect(try await member.get(w.path).status == .ok)
            // ending yesterday: the membership is past, and so is the access
            let yesterday = today.adding(days: -1).iso
            #expect(try await secretariat.post("\(w.path)/members/\(membership.id!)/end", [("until", yesterday)]).status == .seeOther)
            #expect(try await member.get(w.path).status == .notFound)
            #expect(!(try await member.get("/groups").body.string.contains("Partnership Board (test)")))
            let page = try await secretariat.get(w.path).body.string
            #expect(page.contains("Past members") && page.contains(w.member.user.displayName))
            // nothing is deleted: the row stays with its last day
            #expect(try await GroupMember.find(membership.id, on: lantern.app.db)?.untilDay == today.adding(days: -1).daysSinceEpoch)
            #expect(try await AuditEntry.query(on: lantern.app.db).filter(\.$action == "group.member_ended").count() == 2)

            // the group secretary's own secretariat role ends: they can no longer run it
            let own = try #require(try await GroupMember.query(on: lantern.app.db).filter(\.$user.$id == w.groupSecretary.id).first())
            #expect(try await secretariat.post("\(w.path)/members/\(own.id!)/end", [("until", yesterday)]).status == .seeOther)
            #expect(try await secretariat.get("\(w.path)/edit").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func termsAreVersionedComparedAndFlaggedForReview(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today
            let secretariat = try await Self.browse(lantern, w.groupSecretary)
            #expect(try await secretariat.get("\(w.path)/terms/new").status == .ok)
            #expect(try await Self.browse(lantern, w.member).get("\(w.path)/terms/new").status == .notFound)

            // bad input: messages, and what was typed stays
            let bad = try await secretariat.post("\(w.path)/terms/new", [("body", "Kept body line"), ("quorum", "many"),
                                                                         ("approvedOn", today.iso), ("nextReviewOn", today.adding(days: -1).iso)])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Enter the quorum as a whole number") && bad.body.string.contains("must be after the approval date"))
            #expect(bad.body.string.contains("Kept body line") && bad.body.string.contains("value=\"many\""))
            let noBody = try await secretariat.post("\(w.path)/terms/new", [("body", "  "), ("quorum", "5"), ("approvedOn", ""), ("nextReviewOn", "2027-02-30")])
            #expect(noBody.body.string.contains("Enter the text of the terms of reference") && noBody.body.string.contains("Enter the date the terms were approved"))
            #expect(noBody.body.string.contains("Enter the review date as a real date"))

            // the approving meeting: one of the group's, or none
            let strange = try await secretariat.post("\(w.path)/terms/new", [("body", "Purpose"), ("quorum", "5"), ("approvedOn", today.iso),
                                                                              ("approvedMeetingID", UUID().uuidString), ("nextReviewOn", today.adding(days: 9).iso)])
            #expect(strange.status == .unprocessableEntity && strange.body.string.contains("Choose a meeting of this group from the list"))
            let meeting = Meeting(groupID: w.groupID, checked: CheckedMeeting(title: "Spring board meeting", startsAt: lantern.clock.now.addingTimeInterval(-86_400 * 400),
                                                                              endsAt: lantern.clock.now.addingTimeInterval(-86_400 * 400 + 3_600), place: "City Hall",
                                                                              link: nil, isPublic: false, status: .held), createdAt: lantern.clock.now)
            try await meeting.create(on: lantern.app.db)
            #expect(try await secretariat.get("\(w.path)/terms/new").body.string.contains("Spring board meeting"))

            // version 1, then version 2: a new row each, the first unchanged
            let v1Body = "Purpose\nQuorum: five members\nMeets quarterly"
            #expect(try await secretariat.post("\(w.path)/terms/new", [("body", v1Body), ("quorum", "5"), ("approvedOn", today.adding(days: -400).iso),
                                                                       ("approvedMeetingID", meeting.id!.uuidString),
                                                                       ("nextReviewOn", today.adding(days: -35).iso)]).status == .seeOther)
            var page = try await Self.browse(lantern, w.member).get(w.path).body.string
            #expect(page.contains("Review overdue") && page.contains("The review is overdue"))
            #expect(page.contains("Spring board meeting"))
            #expect(try await secretariat.post("\(w.path)/terms/new", [("body", "Purpose\nQuorum: six members\nMeets quarterly\nReviewed each spring"),
                                                                       ("quorum", "6"), ("approvedOn", today.adding(days: -5).iso),
                                                                       ("nextReviewOn", today.adding(days: 20).iso)]).status == .seeOther)
            let versions = try await TermsVersion.query(on: lantern.app.db).filter(\.$group.$id == w.groupID).sort(\.$version).all()
            #expect(versions.map(\.version) == [1, 2] && versions[0].body == v1Body)
            page = try await Self.browse(lantern, w.member).get(w.path).body.string
            #expect(page.contains("Version 2") && page.contains("Review due") && !page.contains("Review overdue"))

            // compare: lines added and removed, in words
            let member = try await Self.browse(lantern, w.member)
            let compare = try await member.get("\(w.path)/terms-compare?from=1&to=2")
            #expect(compare.status == .ok)
            let diff = compare.body.string
            #expect(diff.contains("Removed") && diff.contains("<del class=\"diff diff--removed\">Quorum: five members</del>"))
            #expect(diff.contains("Added") && diff.contains("<ins class=\"diff diff--added\">Reviewed each spring</ins>"))
            #expect(diff.contains("Lines added: 2. Lines removed: 1."))
            #expect(try await member.get("\(w.path)/terms-compare?from=1&to=9").status == .unprocessableEntity)
            #expect(try await member.get("\(w.path)/terms/1").body.string.contains("Not the current version"))
            #expect(try await member.get("\(w.path)/terms/2").body.string.contains("Current version"))
            #expect(try await member.get("\(w.path)/terms/3").status == .notFound)
            // outsiders see none of it
            let outsider = try await Self.browse(lantern, w.outsider)
            #expect(try await outsider.get("\(w.path)/terms/1").status == .notFound)
            #expect(try await outsider.get("\(w.path)/terms-compare?from=1&to=2").status == .notFound)
            let actions = Set(try await AuditEntry.query(on: lantern.app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["terms.added", "terms.compared", "terms.viewed"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func fortySweepsAtOnceMakeOneReviewTaskPerSecretariatMember(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today, now = lantern.clock.now, db = lantern.app.db
            // A second secretary, and one whose secretariat role has ended.
            try await GroupMember(groupID: w.groupID, userID: w.secretariatRole.id, organisationID: w.host.id!, role: .secretariat,
                                  from: today.adding(days: -30), until: nil, createdAt: now, createdBy: w.secretariatRole.id).create(on: db)
            try await GroupMember(groupID: w.groupID, userID: w.outsider.id, organisationID: w.camden.id!, role: .secretariat,
                                  from: today.adding(days: -300), until: today.adding(days: -1), createdAt: now, createdBy: w.secretariatRole.id).create(on: db)
            // Not yet due: no task.
            try await TermsVersion(groupID: w.groupID, version: 1, body: "Old", quorum: 3, approvedOn: today.adding(days: -400),
                                   approvedMeetingID: nil, nextReviewOn: today.adding(days: 31), createdAt: now, createdBy: w.secretariatRole.id).create(on: db)
            #expect(try await TermsReviewTasks.run(services: lantern.app.lantern, today: today, on: db) == 0)
            // Version 2 replaces it and falls due in 30 days (the edge of the window).
            let v2 = TermsVersion(groupID: w.groupID, version: 2, body: "New", quorum: 3, approvedOn: today.adding(days: -10),
                                  approvedMeetingID: nil, nextReviewOn: today.adding(days: 30), createdAt: now, createdBy: w.secretariatRole.id)
            try await v2.create(on: db)

            let made = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<40 { group.addTask { try await TermsReviewTasks.run(services: lantern.app.lantern, today: today, on: db) } }
                return try await group.reduce(0, +)
            }
            #expect(made == 2)
            let tasks = try await PersonTask.query(on: db).filter(\.$sourceKey == "terms_review:\(v2.id!.uuidString)").all()
            #expect(Set(tasks.map(\.ownerID)) == [w.groupSecretary.id, w.secretariatRole.id] && tasks.count == 2)
            #expect(tasks.allSatisfy { $0.title.contains("Partnership Board (test)") && $0.dueOn == today.adding(days: 30).daysSinceEpoch })
            #expect(try await TermsReviewTasks.run(services: lantern.app.lantern, today: today.adding(days: 40), on: db) == 0)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoSeedsABoardANetworkAndItsDataSubgroup(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let host = try await lantern.makeOrganisation("Demo host")
            var people: [(userID: UUID, organisationID: UUID)] = []
            for _ in 0..<7 { let p = try await lantern.makePerson(in: host, roles: [.caseWorker]); people.append((p.id, host.id!)) }
            let seeded = try await GroupDemo.seedDemo(hostOrganisationID: host.id!, people: people, createdBy: people[2].userID,
                                                      today: lantern.today, now: lantern.clock.now, on: lantern.app.db)
            let sub = try #require(try await PartnershipGroup.find(seeded.dataSubgroupID, on: lantern.app.db))
            #expect(sub.$parent.id == seeded.networkID && sub.groupKind == .subgroup)
            let roles = Set(try await GroupMember.query(on: lantern.app.db).filter(\.$group.$id == seeded.boardID).all().map(\.role))
            #expect(roles == Set(GroupRole.allCases.map(\.rawValue)))
            #expect(try await TermsVersion.query(on: lantern.app.db).filter(\.$group.$id == seeded.boardID).count() == 2)
            // The board's review is overdue and the sub-group's due: their secretary gets a task for each.
            #expect(try await TermsReviewTasks.run(services: lantern.app.lantern, today: lantern.today, on: lantern.app.db) == 2)
        }
    }
}
