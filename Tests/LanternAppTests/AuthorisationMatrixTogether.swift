import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Working together on a case in the authorisation matrix. Case conferences: a series and a
/// meeting hosted by the viewer's organisation (they are not a member), a meeting of another
/// organisation's series they are a member of (its window open), one long held (the window
/// over), and one they have nothing to do with; each meeting's agenda case, a member, and
/// actions (one owned by the viewer, one by someone else). The cases those agendas carry are
/// tried on every case route: read while the window is open, hidden once it has closed or when
/// the case was only nominated. Shares to answer: to the viewer's organisation, to their team,
/// to another team of theirs, withdrawn, and the viewer's own organisation's share to another.
extension AuthorisationMatrixTests {
    struct ConferenceWorld {
        let hostedSeries: String, otherSeries: String
        /// Meetings by how they stand to the viewer.
        let hostedMeeting: UUID, memberMeeting: UUID, pastMeeting: UUID, strangerMeeting: UUID
        /// A meeting the viewer chairs (its chair is set to each viewer in turn), with a case on its agenda.
        let chairedMeeting: UUID, chairedItem: String
        let hostedMember: String, strangerMember: String
        let hostedItem: String, memberItem: String, strangerItem: String
        /// The action the viewer owns (its owner is set to each viewer in turn), another member's, a stranger's.
        let ownedAction: UUID, membersAction: String, strangersAction: String
        /// An action a colleague of the viewer owns, on their own organisation's case.
        let colleaguesAction: String
        /// Cases of another organisation: on the open agenda, on the closed one, only nominated.
        let inWindowCase: String, pastWindowCase: String, nominatedCase: String
        /// Shares for `/shared/:shareID`, with how each stands to the viewer.
        let shares: [RoutedRecord]
    }

    static func makeConferenceWorld(_ lantern: TestLantern, _ w: World) async throws -> ConferenceWorld {
        let db = lantern.app.db
        let now = Date()
        let today = lantern.today
        let bLead = try await lantern.makePerson(in: w.b, roles: [.modernSlaveryLead])
        let cLead = try await lantern.makePerson(in: w.c, roles: [.modernSlaveryLead])
        func newCase(by person: TestPerson) async throws -> CaseRecord {
            let response = try await lantern.api(try await lantern.apiToken(for: person))
                .post("/api/v1/cases", PathwayHTTPTests.newCase(today, identifiedDaysAgo: 3, extra: ["confirmedNew": true]))
            let reference = try #require(response.json["reference"] as? String)
            return try #require(try await CaseRecord.query(on: db).filter(\.$reference == reference).first())
        }
        func series(_ host: Organisation, by person: TestPerson) async throws -> ConferenceSeries {
            let series = ConferenceSeries(boroughCode: "E09000022", kind: "macc", name: "Matrix MACC", organisationID: host.id!,
                                          accessDaysAfter: 7, createdBy: person.id, createdAt: now)
            try await series.create(on: db)
            return series
        }
        func meeting(_ series: ConferenceSeries, heldOn: Day, chair: TestPerson) async throws -> ConferenceMeeting {
            let meeting = ConferenceMeeting(seriesID: series.id!, heldOn: heldOn, chairUserID: chair.id, createdBy: chair.id, createdAt: now)
            try await meeting.create(on: db)
            return meeting
        }
        func member(_ meeting: ConferenceMeeting, _ person: TestPerson) async throws -> ConferenceMember {
            let member = ConferenceMember(meetingID: meeting.id!, userID: person.id, organisationID: person.organisationID, agencyRole: nil)
            try await member.create(on: db)
            return member
        }
        func item(_ meeting: ConferenceMeeting, _ record: CaseRecord, by person: TestPerson, state: ConferenceAgendaState) async throws -> ConferenceAgendaItem {
            let id = UUID()
            let cipher = try #require(try await lantern.app.lantern.caseKeys.cipher(for: record.requireID(), on: db))
            let sealed = try cipher.seal("Reason", context: ConferenceAgendaController.reasonContext(id))
            let item = ConferenceAgendaItem(id: id, meetingID: meeting.id!, caseID: try record.requireID(), nominatedBy: person.id,
                                            nominatedByOrganisationID: person.organisationID, sealedReason: sealed, riskLevel: .high,
                                            state: state, position: 1, createdAt: now)
            try await item.create(on: db)
            return item
        }
        func action(_ item: ConferenceAgendaItem, owner: TestPerson) async throws -> ConferenceAction {
            let id = UUID()
            let cipher = try #require(try await lantern.app.lantern.caseKeys.cipher(for: item.caseID, on: db))
            let action = ConferenceAction(id: id, agendaItemID: item.id!, meetingID: item.meetingID, caseID: item.caseID,
                                          sealedWhat: try cipher.seal("Arrange a safe house", context: ConferenceOutcomeService.whatContext(id)), ownerUserID: owner.id, ownerTeamID: nil,
                                          ownerOrganisationID: owner.organisationID, dueOn: today.adding(days: 10),
                                          createdBy: owner.id, createdAt: now)
            try await action.create(on: db)
            return action
        }
        let colleagueLead = try await lantern.makePerson(in: w.a, roles: [.modernSlaveryLead])
        let hostedSeries = try await series(w.a, by: colleagueLead), otherSeries = try await series(w.c, by: cLead)
        let hostedMeeting = try await meeting(hostedSeries, heldOn: today.adding(days: 3), chair: colleagueLead)
        let memberMeeting = try await meeting(otherSeries, heldOn: today.adding(days: 3), chair: cLead)
        let pastMeeting = try await meeting(otherSeries, heldOn: today.adding(days: -30), chair: cLead)
        let strangerMeeting = try await meeting(otherSeries, heldOn: today.adding(days: 3), chair: cLead)
        let chairedMeeting = try await meeting(otherSeries, heldOn: today.adding(days: 3), chair: cLead)
        let hostedMember = try await member(hostedMeeting, colleagueLead)
        for meeting in [memberMeeting, pastMeeting, strangerMeeting] { _ = try await member(meeting, cLead) }
        _ = try await member(memberMeeting, bLead)
        let strangerMember = try await member(strangerMeeting, bLead)
        let ownCase = try await CaseRecord.query(on: db).filter(\.$reference == w.own).first()!
        let inWindow = try await newCase(by: bLead), pastWindow = try await newCase(by: bLead), nominated = try await newCase(by: bLead)
        let strangerCase = try await newCase(by: bLead)
        let hostedItem = try await item(hostedMeeting, ownCase, by: w.colleague, state: .accepted)
        let memberItem = try await item(memberMeeting, inWindow, by: bLead, state: .accepted)
        _ = try await item(pastMeeting, pastWindow, by: bLead, state: .accepted)
        _ = try await item(memberMeeting, nominated, by: bLead, state: .nominated)
        let strangerItem = try await item(strangerMeeting, strangerCase, by: bLead, state: .accepted)
        _ = try await member(chairedMeeting, bLead)
        let chairedItem = try await item(chairedMeeting, try await newCase(by: bLead), by: bLead, state: .accepted)
        let owned = try await action(memberItem, owner: bLead)
        let membersAction = try await action(memberItem, owner: bLead)
        let strangersAction = try await action(strangerItem, owner: bLead)
        let colleaguesAction = try await action(hostedItem, owner: w.colleague)

        // Shares of B's cases to A, found by case: answered at /shared/:shareID.
        func share(of reference: String) async throws -> String {
            let record = try #require(try await CaseRecord.query(on: db).filter(\.$reference == reference).first())
            let share = try #require(try await CaseShare.query(on: db).filter(\.$case.$id == record.requireID()).first())
            return try share.requireID().uuidString
        }
        let shares = [
            RoutedRecord(label: "to my organisation", id: try await share(of: w.shared), relations: [.sharedWithOrganisation]),
            RoutedRecord(label: "to my team", id: try await share(of: w.sharedWithMyTeam), relations: [.sharedWithTeam]),
            RoutedRecord(label: "to another team of mine", id: try await share(of: w.sharedWithAnotherTeam), relations: [.otherOrganisation]),
            // Still addressed to the viewer's organisation: it reaches the page that says the share was withdrawn.
            RoutedRecord(label: "consent withdrawn", id: try await share(of: w.withdrawn), relations: [.sharedWithOrganisation]),
            RoutedRecord(label: "my organisation's, to another", id: w.ownShare, relations: [.otherOrganisation]),
        ]
        return ConferenceWorld(hostedSeries: hostedSeries.id!.uuidString, otherSeries: otherSeries.id!.uuidString,
                               hostedMeeting: hostedMeeting.id!, memberMeeting: memberMeeting.id!, pastMeeting: pastMeeting.id!,
                               strangerMeeting: strangerMeeting.id!,
                               chairedMeeting: chairedMeeting.id!, chairedItem: chairedItem.id!.uuidString,
                               hostedMember: hostedMember.id!.uuidString, strangerMember: strangerMember.id!.uuidString,
                               hostedItem: hostedItem.id!.uuidString, memberItem: memberItem.id!.uuidString,
                               strangerItem: strangerItem.id!.uuidString,
                               ownedAction: owned.id!, membersAction: membersAction.id!.uuidString,
                               strangersAction: strangersAction.id!.uuidString,
                               colleaguesAction: colleaguesAction.id!.uuidString,
                               inWindowCase: inWindow.reference, pastWindowCase: pastWindow.reference, nominatedCase: nominated.reference,
                               shares: shares)
    }

    /// The viewer joins the meetings of another organisation's series they are a member of, and
    /// becomes the owner of "their" action.
    static func enrolInConferences(_ viewer: TestPerson, _ world: ConferenceWorld, _ lantern: TestLantern) async throws {
        for meeting in [world.memberMeeting, world.pastMeeting, world.chairedMeeting] {
            try await ConferenceMember(meetingID: meeting, userID: viewer.id, organisationID: viewer.organisationID, agencyRole: nil)
                .create(on: lantern.app.db)
        }
        let chaired = try #require(try await ConferenceMeeting.find(world.chairedMeeting, on: lantern.app.db))
        chaired.chairUserID = viewer.id
        try await chaired.save(on: lantern.app.db)
        let action = try #require(try await ConferenceAction.find(world.ownedAction, on: lantern.app.db))
        action.ownerUserID = viewer.id
        action.ownerOrganisationID = viewer.organisationID
        try await action.save(on: lantern.app.db)
    }

    /// Routes under a case that only its own organisation reads (notes), whatever else reaches the case.
    static func ownersOnly(_ pattern: String) -> Bool {
        pattern.hasSuffix("/notes")
    }

    /// The cases conference agendas carry, as `:reference` scenarios.
    static func conferenceCaseScenarios(_ world: ConferenceWorld, pattern: String, fill: ([String: String]) -> String) -> [Scenario] {
        let member: Set<LanternCore.Relation> = ownersOnly(pattern) ? [.otherOrganisation] : [.conferenceMember]
        return [Scenario(label: "on my conference's agenda", path: fill([":reference": world.inWindowCase, ":event": "referral_decision"]),
                         relations: member),
                Scenario(label: "conference window over", path: fill([":reference": world.pastWindowCase, ":event": "referral_decision"]),
                         relations: [.otherOrganisation]),
                Scenario(label: "nominated, not accepted", path: fill([":reference": world.nominatedCase, ":event": "referral_decision"]),
                         relations: [.otherOrganisation])]
    }

    /// The scenarios of conference and share-answer routes, or nil when the parameters are not theirs.
    static func togetherScenarios(for parameters: Set<String>, pattern: String, fill: ([String: String]) -> String,
                                  world w: ConferenceWorld) -> [Scenario]? {
        // `:meetingID` and `:actionID` also name the partnership's meetings and actions.
        let conferenceRoute = pattern.contains("/conference")
        if !conferenceRoute && parameters != [":shareID"] { return nil }
        switch parameters {
        case [":seriesID"]:
            return [Scenario(label: "hosted by mine", path: fill([":seriesID": w.hostedSeries]), relation: .sameOrganisation),
                    Scenario(label: "another's", path: fill([":seriesID": w.otherSeries]), relation: .otherOrganisation)]
        case [":meetingID"]:
            return [Scenario(label: "hosted by mine", path: fill([":meetingID": w.hostedMeeting.uuidString]), relation: .sameOrganisation),
                    Scenario(label: "I am a member", path: fill([":meetingID": w.memberMeeting.uuidString]), relation: .conferenceMember),
                    Scenario(label: "I was a member, long ago", path: fill([":meetingID": w.pastMeeting.uuidString]), relation: .conferenceMember),
                    Scenario(label: "I chair it", path: fill([":meetingID": w.chairedMeeting.uuidString]), relation: .conferenceMember),
                    Scenario(label: "not mine", path: fill([":meetingID": w.strangerMeeting.uuidString]), relation: .otherOrganisation)]
        case [":meetingID", ":memberID"]:
            return [Scenario(label: "hosted by mine", path: fill([":meetingID": w.hostedMeeting.uuidString, ":memberID": w.hostedMember]),
                             relation: .sameOrganisation),
                    Scenario(label: "not mine", path: fill([":meetingID": w.strangerMeeting.uuidString, ":memberID": w.strangerMember]),
                             relation: .otherOrganisation),
                    Scenario(label: "crossed", path: fill([":meetingID": w.hostedMeeting.uuidString, ":memberID": w.strangerMember]),
                             relation: .otherOrganisation)]
        case [":itemID"]:
            return [Scenario(label: "hosted by mine", path: fill([":itemID": w.hostedItem]), relation: .sameOrganisation),
                    Scenario(label: "I am a member", path: fill([":itemID": w.memberItem]), relation: .conferenceMember),
                    Scenario(label: "I chair its meeting", path: fill([":itemID": w.chairedItem]), relation: .conferenceMember),
                    Scenario(label: "not mine", path: fill([":itemID": w.strangerItem]), relation: .otherOrganisation)]
        case [":actionID"]:
            return [Scenario(label: "mine", path: fill([":actionID": w.ownedAction.uuidString]), relations: [.actionOwner, .conferenceMember]),
                    Scenario(label: "another member's", path: fill([":actionID": w.membersAction]), relation: .conferenceMember),
                    Scenario(label: "not mine", path: fill([":actionID": w.strangersAction]), relation: .otherOrganisation),
                    Scenario(label: Self.colleaguesActionLabel, path: fill([":actionID": w.colleaguesAction]), relation: .sameOrganisation)]
        case [":shareID"]:
            return w.shares.map { Scenario(label: $0.label, path: fill([":shareID": $0.id]), relations: $0.relations) }
        default:
            return nil
        }
    }

    static let colleaguesActionLabel = "a colleague's, on my organisation's case"

    /// A colleague's conference action is about a case: across the organisation only those who
    /// run its conferences (`manageConferences`) reach it, not everyone whose `progressAction`
    /// reaches the organisation (a board secretariat's does, for the partnership's actions).
    static func asConferenceAction(_ scenario: Scenario, roles: Set<Role>?) -> Scenario {
        guard scenario.label == colleaguesActionLabel,
              !AccessPolicy.lantern.permits(roles ?? [], .manageConferences, on: .sameOrganisation) else { return scenario }
        return Scenario(label: scenario.label, path: scenario.path, relation: .otherOrganisation)
    }

    /// Writes only the meeting's chair makes: deciding a nomination, recording a case's outcome
    /// and actions, drafting and approving the minutes. Anyone else the conference reaches
    /// (members, the host's lead) finds nothing there (404), like a stranger.
    static func chairOnly(_ method: HTTPMethod, _ pattern: String) -> Bool {
        guard method != .GET, pattern.contains("/conference") else { return false }
        return ["/decision", "/outcome", "/actions", "/minutes", "/minutes/approve"].contains { pattern.hasSuffix($0) }
    }

    /// The scenario as a chair-only write sees it: only the chair's own meeting and its items reach it.
    /// The minutes are the members' only: the hosting organisation as such does not read them.
    static func asChairOnly(_ scenario: Scenario, method: HTTPMethod, pattern: String) -> Scenario {
        let membersOnly = pattern.hasPrefix("/conference-meetings/") && pattern.hasSuffix("/minutes") && scenario.label == "hosted by mine"
        guard membersOnly || chairOnly(method, pattern) && !scenario.label.hasPrefix("I chair") else { return scenario }
        return Scenario(label: scenario.label, path: scenario.path, relation: .otherOrganisation)
    }
}
