import Fluent
import Foundation
import LanternCore

/// What the public may read of minutes and actions, for the public site and its Atom feed:
/// published versions only, as their public version (confidential items left out, withheld
/// names replaced); a draft's, circulated or approved text never leaves here. Groups that are
/// not public give nothing.
enum GovernancePublication {
    struct PublishedMinutes: Sendable {
        var minutesID: UUID
        var groupID: UUID
        var meetingID: UUID
        var meetingTitle: String
        var meetingStartsAt: Date
        var version: Int
        var approvedOn: Day?
        var publishedOn: Day
        /// A correction's dated note (the date is `publishedOn`); nil for a first publication.
        var correctionNote: String?
        /// The version this one corrects, and the one that corrects this (history).
        var supersedesVersion: Int?
        var supersededByVersion: Int?
        var content: MinutesRedaction.PublicMinutes
        /// "2 items and 1 name were withheld from this public version" (British English; pages
        /// in other languages build theirs from `content`'s counts with `MinutesPages.withheldSentence`).
        var withheldSentence: String?
    }

    /// Published minutes of public groups, newest publication first; `groupID` and `meetingID`
    /// narrow them; `includingSuperseded` adds the older versions (a meeting's history).
    static func minutes(groupID: UUID? = nil, meetingID: UUID? = nil, includingSuperseded: Bool = false,
                        on db: any Database) async throws -> [PublishedMinutes] {
        var groups = PartnershipGroup.query(on: db).filter(\.$isPublic == true)
        if let groupID { groups = groups.filter(\.$id == groupID) }
        let groupIDs = try await groups.all().compactMap(\.id)
        guard !groupIDs.isEmpty else { return [] }
        var query = GovernanceMinutes.query(on: db).filter(\.$groupID ~~ groupIDs).filter(\.$state == MinutesState.published.rawValue)
        if let meetingID { query = query.filter(\.$meetingID == meetingID) }
        let published = try await query.all()
        guard !published.isEmpty else { return [] }
        let meetingIDs = Array(Set(published.map(\.meetingID)))
        // Only the minutes of public meetings: a meeting held in private keeps its minutes (and
        // its title) among the members, as its calendar entry and papers are.
        let meetings = try await Meeting.query(on: db).filter(\.$id ~~ meetingIDs).filter(\.$isPublic == true).all()
        let confidential = try await AgendaItem.query(on: db).filter(\.$meeting.$id ~~ meetingIDs).filter(\.$isConfidential == true).all()
            .compactMap { $0.id?.uuidString }
        let supersededIDs = Set(published.compactMap(\.supersedesID))
        return published
            .filter { includingSuperseded || !supersededIDs.contains($0.id ?? UUID()) }
            .compactMap { m -> PublishedMinutes? in
                guard let id = m.id, let meeting = meetings.first(where: { $0.id == m.meetingID }), let publishedOn = m.publishedOn else { return nil }
                let content = MinutesRedaction.publicVersion(of: m.document, withheldNames: m.withheldNames, confidentialNow: Set(confidential))
                return PublishedMinutes(
                    minutesID: id, groupID: m.groupID, meetingID: m.meetingID,
                    meetingTitle: MinutesRedaction.redact(meeting.title, names: m.withheldNames), meetingStartsAt: meeting.startsAt,
                    version: m.version, approvedOn: m.approvedOn.map(Day.init(daysSinceEpoch:)), publishedOn: Day(daysSinceEpoch: publishedOn),
                    correctionNote: m.correctionNote.map { MinutesRedaction.redact($0, names: m.withheldNames) },
                    supersedesVersion: published.first { $0.id == m.supersedesID }?.version,
                    supersededByVersion: published.first { $0.supersedesID == id }?.version,
                    content: content,
                    withheldSentence: MinutesRedaction.withheldSentence(items: content.withheldItems, names: content.withheldNames))
            }
            .sorted { ($0.publishedOn, $0.version) > ($1.publishedOn, $1.version) }
    }

    /// One line of the published action log: never the owner's name, only their organisation.
    struct PublishedAction: Sendable {
        var actionID: UUID
        var groupID: UUID
        var title: String
        var organisationName: String
        var due: Day
        var status: PartnershipActionStatus
    }

    /// The action log of public groups, by due date: title, the owner's organisation, due
    /// date, status. Actions agreed under a confidential agenda item are left out, and names
    /// withheld from the group's minutes are replaced in titles.
    static func actionLog(groupID: UUID? = nil, on db: any Database) async throws -> [PublishedAction] {
        var groups = PartnershipGroup.query(on: db).filter(\.$isPublic == true)
        if let groupID { groups = groups.filter(\.$id == groupID) }
        let groupIDs = try await groups.all().compactMap(\.id)
        guard !groupIDs.isEmpty else { return [] }
        let actions = try await PartnershipAction.query(on: db).filter(\.$groupID ~~ groupIDs).sort(\.$dueOn).sort(\.$createdAt).all()
        // An action agreed under a confidential item, under an item since removed (it may have
        // been confidential: nothing says otherwise now), or at a private meeting stays off.
        let itemIDs = Array(Set(actions.compactMap(\.agendaItemID)))
        let items = itemIDs.isEmpty ? [] : try await AgendaItem.query(on: db).filter(\.$id ~~ itemIDs).all()
        let openItems = Set(items.filter { !$0.isConfidential }.compactMap(\.id))
        let meetingIDs = Array(Set(actions.compactMap(\.meetingID)))
        let publicMeetings = meetingIDs.isEmpty ? [] : Set(try await Meeting.query(on: db).filter(\.$id ~~ meetingIDs)
            .filter(\.$isPublic == true).all().compactMap(\.id))
        let organisations = try await Organisation.query(on: db).filter(\.$id ~~ Array(Set(actions.map(\.ownerOrganisationID)))).all()
        // A name withheld from any of a group's minutes is withheld from its actions' titles too.
        var withheld: [UUID: [String]] = [:]
        for minutes in try await GovernanceMinutes.query(on: db).filter(\.$groupID ~~ groupIDs).all() {
            withheld[minutes.groupID, default: []].append(contentsOf: minutes.withheldNames)
        }
        return actions.compactMap { action in
            guard let id = action.id,
                  action.agendaItemID.map(openItems.contains) ?? true,
                  action.meetingID.map(publicMeetings.contains) ?? true else { return nil }
            return PublishedAction(actionID: id, groupID: action.groupID,
                                   title: MinutesRedaction.redact(action.title, names: withheld[action.groupID] ?? []),
                                   organisationName: organisations.first { $0.id == action.ownerOrganisationID }?.name ?? "",
                                   due: action.due, status: action.actionStatus)
        }
    }
}
