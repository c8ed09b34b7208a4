import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// A group's minutes over HTTP: drafted by the secretariat (a draft is nobody else's), circulated
/// to members (each gets a task), approved at a later meeting by the chair or secretariat only
/// (40 at once: one), published (40 at once: one), corrected by a new version that keeps the
/// old; the public version withholds confidential items and names.
@Suite struct MinutesHTTPTests {
    /// A board with a secretary, a chair, two plain members (one read-only) and two meetings.
    struct Board {
        let group: PartnershipGroup
        let secretary: TestPerson
        let chair: TestPerson
        let member: TestPerson
        let readOnlyMember: TestPerson
        let outsider: TestPerson
        let first: Meeting
        let second: Meeting
        let welcome: AgendaItem
        let caseReview: AgendaItem
    }

    static func board(_ lantern: TestLantern, isPublic: Bool = true) async throws -> Board {
        let host = try await lantern.makeOrganisation("London Partnership Board", kind: .partnershipBoard)
        let camden = try await lantern.makeOrganisation("Camden Council")
        let secretary = try await lantern.makePerson(in: host, roles: [.modernSlaveryLead])
        let chair = try await lantern.makePerson(in: camden, roles: [.caseWorker])
        let member = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
        let readOnlyMember = try await lantern.makePerson(in: camden, roles: [.readOnly])
        let outsider = try await lantern.makePerson(in: camden, roles: [.modernSlaveryLead])
        let db = lantern.app.db, now = lantern.clock.now, today = lantern.today
        let group = PartnershipGroup(kind: .board, name: "Test Board", slug: "test-board-\(UUID().uuidString.prefix(6).lowercased())",
                                     purpose: "Testing", parentID: nil, hostOrganisationID: try host.requireID(), isPublic: isPublic, createdAt: now)
        try await group.create(on: db)
        let groupID = try group.requireID()
        for (person, role) in [(secretary, GroupRole.secretariat), (chair, .chair), (member, .member), (readOnlyMember, .observer)] {
            try await GroupMember(groupID: groupID, userID: person.id, organisationID: person.organisationID, role: role,
                                  from: today.adding(days: -60), until: nil, createdAt: now, createdBy: secretary.id).create(on: db)
        }
        func meeting(_ title: String, daysAgo: Double) async throws -> Meeting {
            let start = now.addingTimeInterval(-86_400 * daysAgo)
            let meeting = Meeting(groupID: groupID, checked: CheckedMeeting(title: title, startsAt: start, endsAt: start.addingTimeInterval(7200),
                                                                             place: "City Hall", link: nil, isPublic: true, status: .held),
                                  createdAt: now)
            try await meeting.create(on: db)
            return meeting
        }
        let first = try await meeting("Spring board", daysAgo: 30)
        let second = try await meeting("Summer board", daysAgo: 1)
        let welcome = AgendaItem(meetingID: try first.requireID(), position: 1, title: "Welcome", presenter: "", isConfidential: false, createdAt: now)
        let caseReview = AgendaItem(meetingID: try first.requireID(), position: 2, title: "Case review", presenter: "", isConfidential: true, createdAt: now)
        try await welcome.create(on: db)
        try await caseReview.create(on: db)
        return Board(group: group, secretary: secretary, chair: chair, member: member, readOnlyMember: readOnlyMember, outsider: outsider,
                     first: first, second: second, welcome: welcome, caseReview: caseReview)
    }

    /// Runs `count` copies of a request at once; the statuses.
    static func parallel(_ count: Int, _ body: @escaping @Sendable () async throws -> HTTPStatus) async throws -> [HTTPStatus] {
        try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<count { group.addTask { try await body() } }
            var statuses: [HTTPStatus] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
    }

    @Test(arguments: TestDatabase.available)
    func minutesGoFromDraftToPublishedByTheRightPeopleOnceAndACorrectionKeepsTheOldVersion(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let b = try await Self.board(lantern)
            let db = lantern.app.db
            let meetingPath = "/meetings/\(b.first.id!)/minutes"
            let secretary = try await lantern.governanceBrowser(b.secretary)
            let member = try await lantern.governanceBrowser(b.member)
            let outsider = try await lantern.governanceBrowser(b.outsider)

            // MUT: the secretariat starts the draft; nobody else may
            #expect(try await member.post(meetingPath).status == .notFound)
            #expect(try await secretary.post(meetingPath).status == .seeOther)
            let draft = try #require(try await GovernanceMinutes.query(on: db).filter(\.$meetingID == b.first.id!).first())
            #expect(draft.minutesState == .draft && draft.version == 1 && draft.document.items.count == 2)
            let minutesPath = "/minutes/\(draft.id!)"

            // bad input is refused with a message, and what was typed is kept
            let itemField = "item-\(b.welcome.id!)", secretField = "item-\(b.caseReview.id!)"
            let bad = try await secretary.post("\(minutesPath)/edit", [("general", "Chaired by Jane Doe."), (itemField, "Kept text"), ("names", "J")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("at least 2 letters") && bad.body.string.contains("Kept text"))
            let saved = try await secretary.post("\(minutesPath)/edit", [
                ("general", "Chaired by Jane Doe."), (itemField, "JANE DOE welcomed everyone; the Doest report was noted."),
                (secretField, "Secret matter about a survivor."), ("names", "Jane Doe\n"),
            ])
            #expect(saved.status == .seeOther)

            // a draft is the secretariat's alone
            #expect(try await member.get(minutesPath).status == .notFound)
            #expect(!(try await member.get(meetingPath).body.string.contains("Chaired by")))
            #expect(try await outsider.get(meetingPath).status == .notFound)
            #expect(try await outsider.get(minutesPath).status == .notFound)
            #expect(try await lantern.browser().get(minutesPath).status != .ok)
            #expect(try await GovernancePublication.minutes(groupID: b.group.id!, on: db).isEmpty)
            #expect(try await secretary.get(meetingPath).body.string.contains("Chaired by Jane Doe."))

            // circulated by the secretariat only; each member gets a task
            #expect(try await member.post("\(minutesPath)/circulate").status == .notFound)
            #expect(try await secretary.post("\(minutesPath)/circulate").status == .seeOther)
            let tasks = try await PersonTask.query(on: db).filter(\.$sourceKey == "governance_minutes_circulated:\(draft.id!)").all()
            #expect(Set(tasks.map(\.ownerID)) == Set([b.secretary.id, b.chair.id, b.member.id, b.readOnlyMember.id]))
            #expect(try await member.get(minutesPath).body.string.contains("Secret matter"))
            #expect(try await secretary.post("\(minutesPath)/edit", [("general", "Changed after circulation")]).status == .conflict)

            // approved by the chair or secretariat, at a later meeting: a plain member is refused
            #expect(try await member.post("\(minutesPath)/approve", [("meetingID", b.second.id!.uuidString)]).status == .notFound)
            let readOnly = try await lantern.governanceBrowser(b.readOnlyMember)
            #expect(try await readOnly.post("\(minutesPath)/approve", [("meetingID", b.second.id!.uuidString)]).status == .forbidden)
            #expect(try await outsider.post("\(minutesPath)/approve", [("meetingID", b.second.id!.uuidString)]).status == .notFound)
            let chair = try await lantern.governanceBrowser(b.chair)
            let sameMeeting = try await chair.post("\(minutesPath)/approve", [("meetingID", b.first.id!.uuidString)])
            #expect(sameMeeting.status == .unprocessableEntity && sameMeeting.body.string.contains("after the one these minutes are of"))
            // 40 approvals at once: one
            let secondID = b.second.id!.uuidString
            let approvals = try await Self.parallel(40) { try await chair.post("\(minutesPath)/approve", [("meetingID", secondID)]).status }
            #expect(approvals.filter { $0 == .seeOther }.count == 1)
            #expect(approvals.filter { $0 == .conflict }.count == 39)
            let approved = try #require(try await GovernanceMinutes.find(draft.id, on: db))
            #expect(approved.minutesState == .approved && approved.approvedBy == b.chair.id && approved.approvedAtMeetingID == b.second.id)

            // published by the secretariat only; 40 at once: one
            #expect(try await chair.post("\(minutesPath)/publish").status == .notFound)
            let publications = try await Self.parallel(40) { try await secretary.post("\(minutesPath)/publish").status }
            #expect(publications.filter { $0 == .seeOther }.count == 1)
            #expect(publications.filter { $0 == .conflict }.count == 39)
            let auditCount = try await AuditEntry.query(on: db).filter(\.$action == "minutes.published").count()
            #expect(auditCount == 1)

            // the public version: no confidential item, no withheld name, and it says so
            let published = try await GovernancePublication.minutes(groupID: b.group.id!, on: db)
            #expect(published.count == 1)
            let text = published.flatMap { [$0.content.general] + $0.content.items.flatMap { [$0.title, $0.text] } }.joined(separator: " ")
            #expect(!text.localizedCaseInsensitiveContains("jane") && !text.contains("Secret") && !text.contains("Case review"))
            #expect(text.contains("Doest report"))
            #expect(published[0].withheldSentence == "1 item and 1 name were withheld from this public version")
            let named = PartnershipAction()
            named.id = UUID()
            named.groupID = b.group.id!
            named.title = "Thank Jane Doe for the report"
            named.ownerUserID = b.member.id
            named.ownerOrganisationID = b.member.organisationID
            named.dueOn = lantern.today.daysSinceEpoch
            named.status = PartnershipActionStatus.open.rawValue
            named.createdAt = lantern.clock.now
            named.createdBy = b.secretary.id
            try await named.create(on: db)
            let log = try await GovernancePublication.actionLog(groupID: b.group.id!, on: db)
            #expect(log.map(\.title) == ["Thank [name withheld] for the report"])

            // a published version is never changed
            let before = try #require(try await GovernanceMinutes.find(draft.id, on: db))
            #expect(try await secretary.post("\(minutesPath)/edit", [("general", "Overwritten")]).status == .conflict)
            #expect(try await secretary.post("\(minutesPath)/circulate").status == .conflict)

            // a correction is a new version with a note; the old one stays readable
            #expect(try await secretary.get("\(minutesPath)/correct").status == .ok)
            let noNote = try await secretary.post("\(minutesPath)/correct", [("general", "Chaired by Jane Doe (corrected)."), ("names", "Jane Doe")])
            #expect(noNote.status == .unprocessableEntity && noNote.body.string.contains("Say what the correction changes"))
            let corrected = try await secretary.post("\(minutesPath)/correct", [
                ("general", "Chaired by Jane Doe (corrected)."), (itemField, "Everyone was welcomed."), (secretField, "Secret matter."),
                ("names", "Jane Doe"), ("note", "The chair's name was spelt wrongly"),
            ])
            #expect(corrected.status == .seeOther)
            let versions = try await GovernanceMinutes.query(on: db).filter(\.$meetingID == b.first.id!).sort(\.$version).all()
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions[1].supersedesID == draft.id && versions[1].minutesState == .published)
            #expect(versions[1].correctionNote == "The chair's name was spelt wrongly" && versions[1].publishedOn == lantern.today.daysSinceEpoch)
            let after = versions[0]
            #expect(after.body == before.body && after.state == before.state && after.publishedOn == before.publishedOn
                && after.withheldNamesJSON == before.withheldNamesJSON)
            let old = try await member.get(minutesPath)
            #expect(old.status == .ok && old.body.string.contains("By version 2"))
            #expect(try await secretary.get("\(minutesPath)/correct").status == .conflict)
            let current = try await GovernancePublication.minutes(groupID: b.group.id!, on: db)
            #expect(current.map(\.version) == [2] && current[0].supersedesVersion == 1)
            #expect(try await GovernancePublication.minutes(groupID: b.group.id!, includingSuperseded: true, on: db).count == 2)

            // every write audited
            let actions = Set(try await AuditEntry.query(on: db).all().map(\.action))
            #expect(actions.isSuperset(of: ["minutes.drafted", "minutes.edited", "minutes.circulated", "minutes.approved",
                                            "minutes.published", "minutes.corrected"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func aGroupThatIsNotPublicPublishesNothingToThePublic(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let b = try await Self.board(lantern, isPublic: false)
            let minutes = GovernanceMinutes()
            minutes.id = UUID()
            minutes.groupID = b.group.id!
            minutes.meetingID = b.first.id!
            minutes.version = 1
            minutes.state = MinutesState.published.rawValue
            minutes.body = GovernanceMinutes.encode(MinutesDocument(general: "Internal"))
            minutes.withheldNamesJSON = "[]"
            minutes.publishedOn = lantern.today.daysSinceEpoch
            minutes.createdAt = lantern.clock.now
            minutes.createdBy = b.secretary.id
            try await minutes.create(on: lantern.app.db)
            #expect(try await GovernancePublication.minutes(on: lantern.app.db).isEmpty)
            #expect(try await GovernancePublication.actionLog(on: lantern.app.db).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aPrivateMeetingAndARemovedItemKeepTheirMinutesAndActionsFromThePublic(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let b = try await Self.board(lantern)
            let db = lantern.app.db
            // Published minutes of a meeting held in private (of a public group), whose title
            // carries a withheld name.
            b.second.isPublic = false
            try await b.second.save(on: db)
            b.first.title = "Spring board with Alex Private"
            try await b.first.save(on: db)
            func publish(_ meeting: Meeting, names: [String]) async throws {
                let minutes = GovernanceMinutes()
                minutes.id = UUID()
                minutes.groupID = b.group.id!
                minutes.meetingID = meeting.id!
                minutes.version = 1
                minutes.state = MinutesState.published.rawValue
                minutes.body = GovernanceMinutes.encode(MinutesDocument(general: "Minuted"))
                minutes.withheldNamesJSON = GovernanceMinutes.encode(names)
                minutes.publishedOn = lantern.today.daysSinceEpoch
                minutes.createdAt = lantern.clock.now
                minutes.createdBy = b.secretary.id
                try await minutes.create(on: db)
            }
            try await publish(b.first, names: ["Alex Private"])
            try await publish(b.second, names: [])
            let published = try await GovernancePublication.minutes(on: db)
            #expect(published.map(\.meetingID) == [b.first.id!])
            #expect(published.first.map { !$0.meetingTitle.contains("Alex Private") } == true)
            // Actions: under a confidential item, under an item since removed, at the private
            // meeting, and on their own; only the last is published.
            func action(_ title: String, meeting: Meeting?, item: UUID?) async throws {
                let action = PartnershipAction()
                action.id = UUID()
                action.groupID = b.group.id!
                action.meetingID = meeting?.id
                action.agendaItemID = item
                action.title = title
                action.ownerUserID = b.member.id
                action.ownerOrganisationID = b.member.organisationID
                action.dueOn = lantern.today.adding(days: 10).daysSinceEpoch
                action.status = PartnershipActionStatus.open.rawValue
                action.createdAt = lantern.clock.now
                action.createdBy = b.secretary.id
                try await action.create(on: db)
            }
            let removed = AgendaItem(meetingID: b.first.id!, position: 3, title: "Removed later", presenter: "", isConfidential: true,
                                     createdAt: lantern.clock.now)
            try await removed.create(on: db)
            try await action("Under the case review", meeting: b.first, item: b.caseReview.id)
            try await action("Under a removed item", meeting: b.first, item: removed.id)
            try await removed.delete(on: db)
            try await action("At the private meeting", meeting: b.second, item: nil)
            try await action("On its own", meeting: nil, item: nil)
            #expect(try await GovernancePublication.actionLog(on: db).map(\.title) == ["On its own"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func theDemoHasMinutesInEveryStateAndActionsInEveryStandingAndItsPagesOpen(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            // setup
            let b = try await Self.board(lantern)
            let db = lantern.app.db, today = lantern.today
            let demo = DemoContext(services: lantern.app.lantern, now: lantern.clock.now, today: today,
                                   organisations: [:], people: [.boardSecretariat: b.secretary.id])

            // MUT: twice (the second run leaves the group alone)
            try await MinutesAndActionsDemo.seedDemo(demo, on: db)
            try await MinutesAndActionsDemo.seedDemo(demo, on: db)

            // validate
            let minutes = try await GovernanceMinutes.query(on: db).filter(\.$groupID == b.group.id!).all()
            #expect(minutes.count == 3)
            #expect(Set(minutes.map(\.minutesState)) == [.published, .circulated])
            #expect(minutes.contains { $0.supersedesID != nil && $0.correctionNote != nil })
            let actions = try await PartnershipAction.query(on: db).filter(\.$groupID == b.group.id!).all()
            #expect(Set(actions.map(\.actionStatus)) == Set(PartnershipActionStatus.allCases))
            let standings = actions.map { PartnershipActionRules.standing(due: $0.due, status: $0.actionStatus, today: today) }
            #expect(standings.contains(.overdue) && standings.contains(.dueSoon))
            #expect(actions.contains { $0.actionStatus == .dropped && $0.dropReason != nil })
            let published = try await GovernancePublication.minutes(groupID: b.group.id!, on: db)
            #expect(published.count == 1 && published[0].correctionNote != nil)
            let text = published.flatMap { [$0.content.general] + $0.content.items.map(\.text) }.joined()
            #expect(!text.contains("Jordan Example") && text.contains("[name withheld]"))

            // the pages open for the secretariat
            let secretary = try await lantern.governanceBrowser(b.secretary)
            #expect(try await secretary.get("/groups/\(b.group.id!)/minutes").status == .ok)
            #expect(try await secretary.get("/meetings/\(b.first.id!)/minutes").status == .ok)
            for version in minutes { #expect(try await secretary.get("/minutes/\(version.id!)").status == .ok) }
            let log = try await secretary.get("/groups/\(b.group.id!)/actions")
            #expect(log.status == .ok && log.body.string.contains("Overdue") && log.body.string.contains("Due soon"))
            for action in actions { #expect(try await secretary.get("/partnership-actions/\(action.id!)").status == .ok) }
            #expect(try await secretary.get("/groups/\(b.group.id!)/actions/new").status == .ok)
        }
    }
}

extension TestLantern {
    /// A signed-in browser that has read a page (so it holds the session's form token).
    func governanceBrowser(_ person: TestPerson) async throws -> TestBrowser {
        let browser = try await signedIn(person)
        try await browser.get("/")
        return browser
    }
}
