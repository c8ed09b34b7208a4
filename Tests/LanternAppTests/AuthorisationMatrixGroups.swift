import Fluent
import Foundation
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// The partnership's records in the authorisation matrix: six groups, each standing in one
/// relation to the viewer (hosted by the viewer's organisation; a member; the chair; the
/// secretariat; a group of another organisation; a membership that ended), and in each group
/// one of every record a route can name (meeting, agenda item, guest, paper, minutes, action,
/// priority, objective, indicator, terms). Records under a path of another group ("crossed")
/// must stay hidden. Directory entries: the viewer's organisation's, and another's.
extension AuthorisationMatrixTests {
    /// How each fixture group stands to the viewer (memberships are made per viewer: `enrol`).
    enum GroupStanding: String, CaseIterable {
        case hosted, member, chair, secretariat, other, ended

        var relations: Set<LanternCore.Relation> {
            switch self {
            case .hosted: [.sameOrganisation]
            case .member: [.boardMember]
            case .chair: [.boardMember, .boardChair]
            case .secretariat: [.boardMember, .boardSecretariat]
            case .other, .ended: [.otherOrganisation]
            }
        }
    }

    /// One group's records, by the route parameter that names them.
    struct GroupRecords {
        let group: UUID, slug: String
        let meeting: UUID, item: UUID, guest: UUID, paper: UUID, minutes: UUID, action: UUID
        let member: UUID, priority: UUID, objective: UUID, indicator: UUID
    }

    struct GroupWorld {
        let groups: [GroupStanding: GroupRecords]
        let ownEntry: UUID, otherEntry: UUID
    }

    /// Records a removing route may take away, made afresh for each viewer so one viewer's
    /// removal never leaves the next one a 404.
    struct Disposable { let item: UUID, paper: UUID, guest: UUID }

    /// A viewer's own memberships, the action they own (in the "other" group) and their
    /// disposable records in each group.
    struct Enrolment {
        let ownedAction: UUID
        let disposable: [GroupStanding: Disposable]
    }

    static func makeGroupWorld(_ lantern: TestLantern, a: Organisation, c: Organisation, colleague: TestPerson,
                               outsider: TestPerson) async throws -> GroupWorld {
        let db = lantern.app.db
        let now = Date()
        let today = lantern.today
        var groups: [GroupStanding: GroupRecords] = [:]
        for standing in GroupStanding.allCases {
            let host = standing == .hosted ? a : c
            let slug = "matrix-\(standing.rawValue)"
            let group = PartnershipGroup(kind: .board, name: "Matrix \(standing.rawValue)", slug: slug, purpose: "Testing access",
                                         parentID: nil, hostOrganisationID: host.id!, isPublic: true, createdAt: now)
            try await group.create(on: db)
            let groupID = group.id!
            let member = GroupMember(groupID: groupID, userID: outsider.id, organisationID: c.id!, role: .member,
                                     from: today.adding(days: -30), until: nil, createdAt: now, createdBy: outsider.id)
            try await member.create(on: db)
            let terms = TermsVersion()
            terms.id = UUID()
            terms.$group.id = groupID
            terms.version = 1
            terms.body = "Terms"
            terms.quorum = 2
            terms.approvedOn = today.adding(days: -10).daysSinceEpoch
            terms.nextReviewOn = today.adding(days: 300).daysSinceEpoch
            terms.createdAt = now
            terms.createdBy = outsider.id
            try await terms.create(on: db)
            let meeting = Meeting()
            meeting.id = UUID()
            meeting.$group.id = groupID
            meeting.title = "Matrix meeting"
            meeting.startsAt = now.addingTimeInterval(-86_400)
            meeting.endsAt = now.addingTimeInterval(-80_000)
            meeting.place = "City Hall"
            meeting.isPublic = true
            meeting.status = "held"
            meeting.createdAt = now
            try await meeting.create(on: db)
            let item = AgendaItem(meetingID: meeting.id!, position: 1, title: "Matrix item", presenter: "Chair", isConfidential: false,
                                  createdAt: now)
            try await item.create(on: db)
            let guest = MeetingAttendance()
            guest.id = UUID()
            guest.$meeting.id = meeting.id!
            guest.personName = "A guest"
            guest.organisationName = "Guest charity"
            guest.status = "present"
            try await guest.create(on: db)
            let paperID = try await makePaper(itemID: item.id!, by: outsider.id, on: db)
            let minutes = GovernanceMinutes()
            minutes.id = UUID()
            minutes.groupID = groupID
            minutes.meetingID = meeting.id!
            minutes.version = 1
            minutes.state = "draft"
            minutes.body = "{}"
            minutes.withheldNamesJSON = "[]"
            minutes.createdAt = now
            minutes.createdBy = outsider.id
            try await minutes.create(on: db)
            let action = PartnershipAction()
            action.id = UUID()
            action.groupID = groupID
            action.title = "Matrix action"
            // Owned in the host organisation: an action belongs to its owner's organisation.
            action.ownerUserID = standing == .hosted ? colleague.id : outsider.id
            action.ownerOrganisationID = host.id!
            action.dueOn = today.adding(days: 20).daysSinceEpoch
            action.status = "open"
            action.createdAt = now
            action.createdBy = outsider.id
            try await action.create(on: db)
            let priority = StrategyPriority(groupID: groupID, position: 1, title: "Matrix priority", details: "", createdAt: now,
                                            createdBy: outsider.id)
            try await priority.create(on: db)
            let objective = StrategyObjective(priorityID: priority.id!, position: 1, title: "Matrix objective", details: "",
                                              createdAt: now, createdBy: outsider.id)
            try await objective.create(on: db)
            let indicator = StrategyIndicator(objectiveID: objective.id!, name: "Matrix indicator", binding: nil, periodKind: .quarter,
                                              unit: .number, direction: .higher, target: 10, createdAt: now, createdBy: outsider.id)
            try await indicator.create(on: db)
            groups[standing] = GroupRecords(group: groupID, slug: slug, meeting: meeting.id!, item: item.id!, guest: guest.id!,
                                            paper: paperID, minutes: minutes.id!, action: action.id!, member: member.id!,
                                            priority: priority.id!, objective: objective.id!, indicator: indicator.id!)
        }
        func entry(_ organisation: Organisation) async throws -> UUID {
            let draft = DirectoryEntryDraft(boroughCode: "E09000007", kind: .other, roleTitle: "Matrix contact",
                                            organisationName: organisation.name, team: nil, email: "team@example.org", phone: nil,
                                            webForm: nil, isPublished: true, personalEmailPublished: false)
            let entry = DirectoryEntry(organisationID: organisation.id!, draft: draft, at: now, by: nil)
            try await entry.create(on: db)
            return entry.id!
        }
        return GroupWorld(groups: groups, ownEntry: try await entry(a), otherEntry: try await entry(c))
    }

    /// Gives the viewer their standing in each group, and an action of their own.
    static func enrol(_ viewer: TestPerson, in world: GroupWorld, _ lantern: TestLantern) async throws -> Enrolment {
        let db = lantern.app.db
        let today = lantern.today
        let roles: [(GroupStanding, GroupRole, Day?)] = [(.member, .member, nil), (.chair, .chair, nil),
                                                          (.secretariat, .secretariat, nil), (.ended, .member, today.adding(days: -1))]
        for (standing, role, until) in roles {
            let membership = GroupMember(groupID: world.groups[standing]!.group, userID: viewer.id, organisationID: viewer.organisationID,
                                         role: role, from: today.adding(days: -60), until: until, createdAt: Date(), createdBy: viewer.id)
            try await membership.create(on: db)
        }
        let action = PartnershipAction()
        action.id = UUID()
        action.groupID = world.groups[.other]!.group
        action.title = "Viewer's action"
        action.ownerUserID = viewer.id
        action.ownerOrganisationID = viewer.organisationID
        action.dueOn = today.adding(days: 20).daysSinceEpoch
        action.status = "open"
        action.createdAt = Date()
        action.createdBy = viewer.id
        try await action.create(on: db)
        var disposable: [GroupStanding: Disposable] = [:]
        for (standing, records) in world.groups {
            let item = AgendaItem(meetingID: records.meeting, position: 9, title: "Disposable item", presenter: "Chair",
                                  isConfidential: false, createdAt: Date())
            try await item.create(on: db)
            let paper = try await makePaper(itemID: records.item, by: viewer.id, on: db)
            let guest = MeetingAttendance()
            guest.id = UUID()
            guest.$meeting.id = records.meeting
            guest.personName = "A disposable guest"
            guest.organisationName = "Guest charity"
            guest.status = "present"
            try await guest.create(on: db)
            disposable[standing] = Disposable(item: item.id!, paper: paper, guest: guest.id!)
        }
        return Enrolment(ownedAction: action.id!, disposable: disposable)
    }

    static func makePaper(itemID: UUID, by person: UUID, on db: any Database) async throws -> UUID {
        let paper = Paper()
        paper.id = UUID()
        paper.$agendaItem.id = itemID
        paper.fileName = "paper.pdf"
        paper.mediaType = "application/pdf"
        let bytes = Data("%PDF-1.4\n%%EOF\n".utf8)
        paper.byteCount = bytes.count
        paper.sha256 = PaperStore.sha256([UInt8](bytes))
        paper.storage = "db"
        paper.content = bytes
        paper.uploadedBy = person
        paper.createdAt = Date()
        try await paper.create(on: db)
        return paper.id!
    }

    /// Scenarios for the partnership's route patterns; nil when the pattern is not theirs.
    static func groupScenarios(for parameters: Set<String>, pattern: String, fill: ([String: String]) -> String, world w: GroupWorld,
                               enrolment: Enrolment?) -> [Scenario]? {
        // A removing route takes the viewer's own disposable record of the group instead.
        let removes = pattern.hasSuffix("/remove")
        func records(_ standing: GroupStanding) -> GroupRecords {
            let shared = w.groups[standing]!
            guard removes, let mine = enrolment?.disposable[standing] else { return shared }
            return GroupRecords(group: shared.group, slug: shared.slug, meeting: shared.meeting, item: mine.item, guest: mine.guest,
                                paper: mine.paper, minutes: shared.minutes, action: shared.action, member: shared.member,
                                priority: shared.priority, objective: shared.objective, indicator: shared.indicator)
        }
        func each(_ values: (GroupRecords) -> [String: String]) -> [Scenario] {
            GroupStanding.allCases.map { standing in
                Scenario(label: "group \(standing.rawValue)", path: fill(values(records(standing))), relations: standing.relations)
            }
        }
        /// A record of another organisation's group named under the path of a group the viewer
        /// runs: must be hidden, whatever the viewer may do to either group (no relation at
        /// all, so even "any organisation" does not reach it: the pair does not exist).
        func crossed(_ values: (GroupRecords, GroupRecords) -> [String: String]) -> [Scenario] {
            [Scenario(label: "crossed", path: fill(values(records(.secretariat), records(.other))), relations: [])]
        }
        let id = { (u: UUID) in u.uuidString }
        switch parameters {
        case [":groupID"]:
            return each { [":groupID": id($0.group)] }
        case [":slug"]:
            return each { [":slug": $0.slug] }
        case [":groupID", ":memberID"]:
            return each { [":groupID": id($0.group), ":memberID": id($0.member)] }
                + crossed { mine, other in [":groupID": id(mine.group), ":memberID": id(other.member)] }
        case [":groupID", ":version"]:
            return each { [":groupID": id($0.group), ":version": "1"] }
        case [":meetingID"]:
            return each { [":meetingID": id($0.meeting)] }
        case [":meetingID", ":itemID"]:
            return each { [":meetingID": id($0.meeting), ":itemID": id($0.item)] }
                + crossed { mine, other in [":meetingID": id(mine.meeting), ":itemID": id(other.item)] }
        case [":meetingID", ":attendanceID"]:
            return each { [":meetingID": id($0.meeting), ":attendanceID": id($0.guest)] }
                + crossed { mine, other in [":meetingID": id(mine.meeting), ":attendanceID": id(other.guest)] }
        case [":paperID"]:
            return each { [":paperID": id($0.paper)] }
        case [":minutesID"]:
            return each { [":minutesID": id($0.minutes)] }
        case [":actionID"]:
            var scenarios = each { [":actionID": id($0.action)] }
            if let enrolment {
                scenarios.append(Scenario(label: "my action", path: fill([":actionID": id(enrolment.ownedAction)]),
                                          relations: [.actionOwner, .sameOrganisation]))
            }
            return scenarios
        case [":groupID", ":priorityID"]:
            return each { [":groupID": id($0.group), ":priorityID": id($0.priority)] }
                + crossed { mine, other in [":groupID": id(mine.group), ":priorityID": id(other.priority)] }
        case [":groupID", ":objectiveID"]:
            return each { [":groupID": id($0.group), ":objectiveID": id($0.objective)] }
                + crossed { mine, other in [":groupID": id(mine.group), ":objectiveID": id(other.objective)] }
        case [":groupID", ":objectiveID", ":actionID"]:
            return each { [":groupID": id($0.group), ":objectiveID": id($0.objective), ":actionID": id($0.action)] }
                + crossed { mine, other in [":groupID": id(mine.group), ":objectiveID": id(other.objective), ":actionID": id(other.action)] }
        case [":groupID", ":indicatorID"]:
            return each { [":groupID": id($0.group), ":indicatorID": id($0.indicator)] }
                + crossed { mine, other in [":groupID": id(mine.group), ":indicatorID": id(other.indicator)] }
        case [":entryID"]:
            return [Scenario(label: "my organisation's entry", path: fill([":entryID": id(w.ownEntry)]), relation: .sameOrganisation),
                    Scenario(label: "another organisation's entry", path: fill([":entryID": id(w.otherEntry)]), relation: .otherOrganisation)]
        case [":boroughCode"]:
            return [Scenario(label: "borough", path: fill([":boroughCode": "E09000007"]), relation: nil)]
        default:
            return nil
        }
    }
}
