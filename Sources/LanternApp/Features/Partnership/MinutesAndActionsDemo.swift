import Fluent
import Foundation
import LanternCore

/// The demo's minutes and actions, after the groups and meetings are seeded: minutes in each
/// state (the board's spring minutes published and then corrected, its summer minutes
/// circulated; the network's spring minutes approved, its summer minutes a draft; the data
/// sub-group's spring minutes published) and the board's actions in each state (one overdue,
/// one due soon with an update, one done, one dropped, one due later). Fictional throughout;
/// a group that already has minutes is left alone.
enum MinutesAndActionsDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        let groups = try await PartnershipGroup.query(on: db).sort(\.$name).all()
        for group in groups {
            let groupID = try group.requireID()
            guard try await GovernanceMinutes.query(on: db).filter(\.$groupID == groupID).count() == 0 else { continue }
            let meetings = try await Meeting.query(on: db).filter(\.$group.$id == groupID).sort(\.$startsAt).all()
            let held = meetings.filter { $0.meetingStatus == .held }
            guard held.count >= 2 else { continue }
            let members = try await GroupMember.query(on: db).filter(\.$group.$id == groupID).inForce(on: demo.today).all()
            let secretary = members.first { $0.groupRole.isSecretariat }?.$user.id ?? demo.person(.boardSecretariat) ?? UUID()
            let chair = members.first { $0.groupRole.chairs }?.$user.id ?? secretary
            let (spring, summer) = (held[0], held[1])
            let later = meetings.first { $0.startsAt > summer.startsAt }
            try await db.transaction { tx in
                switch group.groupKind {
                case .board:
                    let published = try await minutes(for: spring, state: .published, version: 1, by: secretary, chair: chair, approvedAt: summer,
                                                      demo: demo, on: tx)
                    try await correction(of: published, meeting: spring, by: secretary, demo: demo, on: tx)
                    _ = try await minutes(for: summer, state: .circulated, version: 1, by: secretary, chair: chair, approvedAt: later, demo: demo, on: tx)
                    try await actions(group: group, meetings: held, members: members, secretary: secretary, demo: demo, on: tx)
                case .network:
                    _ = try await minutes(for: spring, state: .approved, version: 1, by: secretary, chair: chair, approvedAt: summer, demo: demo, on: tx)
                    _ = try await minutes(for: summer, state: .draft, version: 1, by: secretary, chair: chair, approvedAt: later, demo: demo, on: tx)
                case .subgroup:
                    _ = try await minutes(for: spring, state: .published, version: 1, by: secretary, chair: chair, approvedAt: summer, demo: demo, on: tx)
                }
            }
        }
    }

    /// A meeting's minutes in `state`, with every step up to it dated after the meeting.
    private static func minutes(for meeting: Meeting, state: MinutesState, version: Int, by secretary: UUID, chair: UUID,
                                approvedAt: Meeting?, demo: DemoContext, on db: any Database) async throws -> GovernanceMinutes {
        let items = try await AgendaItem.query(on: db).filter(\.$meeting.$id == meeting.requireID()).sort(\.$position).all()
        let texts = [
            "Members introduced themselves. Apologies were received from two boroughs.",
            "The minutes of the last meeting were agreed. Jordan Example reported that all matters arising were in hand.",
            "Referrals across London rose this quarter; the data sub-group will break them down by borough for the next meeting.",
            "The board discussed a multi-agency response in detail; lessons will go to the leads network.",
            "No other business.",
        ]
        let document = MinutesDocument(general: "Chaired by the chair of the group. Jordan Example took the minutes.", items: items.enumerated().map {
            .init(agendaItemID: $1.id?.uuidString ?? "", title: $1.title, isConfidential: $1.isConfidential,
                  text: $0 < texts.count ? texts[$0] : "Noted.")
        })
        let meetingDay = Day(secondsSince1970: meeting.startsAt.timeIntervalSince1970)
        let minutes = GovernanceMinutes()
        minutes.id = UUID()
        minutes.groupID = meeting.$group.id
        minutes.meetingID = try meeting.requireID()
        minutes.version = version
        minutes.state = state.rawValue
        minutes.body = GovernanceMinutes.encode(document)
        minutes.withheldNamesJSON = GovernanceMinutes.encode(["Jordan Example"])
        let order = MinutesState.allCases
        if order.firstIndex(of: state)! >= order.firstIndex(of: .circulated)! { minutes.circulatedOn = meetingDay.adding(days: 7).daysSinceEpoch }
        if order.firstIndex(of: state)! >= order.firstIndex(of: .approved)!, let approvedAt {
            minutes.approvedBy = chair
            minutes.approvedAtMeetingID = approvedAt.id
            minutes.approvedOn = min(Day(secondsSince1970: approvedAt.startsAt.timeIntervalSince1970), demo.today).daysSinceEpoch
        }
        if state == .published { minutes.publishedOn = min((minutes.approvedOn.map(Day.init(daysSinceEpoch:)) ?? demo.today).adding(days: 3), demo.today).daysSinceEpoch }
        if state == .published { minutes.publishedBy = secretary }
        minutes.createdAt = demo.now
        minutes.createdBy = secretary
        try await minutes.create(on: db)
        return minutes
    }

    /// A correction of published minutes: a new published version with a dated note.
    private static func correction(of old: GovernanceMinutes, meeting: Meeting, by secretary: UUID, demo: DemoContext, on db: any Database) async throws {
        var document = old.document
        document.general += " (Corrected: the quarter's referral figures were for April to June.)"
        let minutes = GovernanceMinutes()
        minutes.id = UUID()
        minutes.groupID = old.groupID
        minutes.meetingID = old.meetingID
        minutes.version = old.version + 1
        minutes.state = MinutesState.published.rawValue
        minutes.body = GovernanceMinutes.encode(document)
        minutes.withheldNamesJSON = old.withheldNamesJSON
        minutes.circulatedOn = old.circulatedOn
        minutes.approvedBy = old.approvedBy
        minutes.approvedAtMeetingID = old.approvedAtMeetingID
        minutes.approvedOn = old.approvedOn
        minutes.publishedOn = demo.today.daysSinceEpoch
        minutes.publishedBy = secretary
        minutes.correctionNote = "The quarter of the referral figures was given wrongly."
        minutes.supersedesID = old.id
        minutes.createdAt = demo.now
        minutes.createdBy = secretary
        try await minutes.create(on: db)
    }

    /// The board's actions, one in each state and standing, owned by its members.
    private static func actions(group: PartnershipGroup, meetings: [Meeting], members: [GroupMember], secretary: UUID,
                                demo: DemoContext, on db: any Database) async throws {
        guard !members.isEmpty else { return }
        let item = try await AgendaItem.query(on: db).filter(\.$meeting.$id == meetings[1].requireID()).sort(\.$position).all()
        let plans: [(title: String, due: Int, status: PartnershipActionStatus, reason: String?, update: String?)] = [
            ("Circulate the borough single points of contact list to all members", -10, .open, nil, nil),
            ("Break down the quarter's referrals by borough for the next meeting", 7, .inProgress, nil,
             "The figures for 20 boroughs are in; the rest are expected this week."),
            ("Publish the terms of reference on the partnership's pages", -20, .done, nil, "Published."),
            ("Arrange a joint training day with the leads network", 40, .dropped, "Covered by the network's annual conference.", nil),
            ("Draft the board's annual report", 60, .open, nil, nil),
        ]
        for (index, plan) in plans.enumerated() {
            let owner = members[index % members.count]
            let action = PartnershipAction()
            action.id = UUID()
            action.groupID = try group.requireID()
            action.meetingID = meetings[1].id
            action.agendaItemID = index == 1 && item.count > 2 ? item[2].id : nil
            action.title = plan.title
            action.ownerUserID = owner.$user.id
            action.ownerOrganisationID = owner.organisationID
            action.dueOn = demo.today.adding(days: plan.due).daysSinceEpoch
            action.status = plan.status.rawValue
            action.dropReason = plan.reason
            action.doneOn = plan.status == .done ? demo.today.adding(days: -22).daysSinceEpoch : nil
            action.createdAt = demo.now
            action.createdBy = secretary
            try await action.create(on: db)
            if let text = plan.update {
                let update = PartnershipActionUpdate()
                update.id = UUID()
                update.actionID = try action.requireID()
                update.writtenOn = demo.today.adding(days: -2).daysSinceEpoch
                update.text = text
                update.writtenBy = owner.$user.id
                update.createdAt = demo.now
                try await update.create(on: db)
            }
        }
    }
}
