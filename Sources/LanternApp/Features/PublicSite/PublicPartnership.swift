import Fluent
import Foundation
import LanternCore
import Vapor

/// Loads what the public may see of the partnership. Every query here starts from public
/// groups; nothing unpublished, confidential or personal leaves this file: members are
/// organisations and roles, actions carry their owner's organisation, minutes are the
/// public version of published ones.
enum PublicPartnership {
    typealias M = PublicPartnershipModel

    static func groups(on db: any Database) async throws -> [M.Group] {
        let rows = try await PartnershipGroup.query(on: db).filter(\.$isPublic == true).all()
        let byID = Dictionary(rows.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { a, _ in a })
        let order: [GroupKind] = [.board, .network, .subgroup]
        return rows.compactMap { row -> M.Group? in
            guard let id = row.id else { return nil }
            // A sub-group of a group that is not public shows without its parent's name.
            let parent = row.$parent.id.flatMap { byID[$0] }.map { (name: $0.name, slug: $0.slug) }
            return M.Group(id: id, slug: row.slug, name: row.name, kind: row.groupKind, purpose: row.purpose, parent: parent)
        }.sorted { (order.firstIndex(of: $0.kind) ?? 0, $0.name) < (order.firstIndex(of: $1.kind) ?? 0, $1.name) }
    }

    static func group(slug: String, on db: any Database, today: Day) async throws -> M.GroupPage? {
        guard let group = try await groups(on: db).first(where: { $0.slug == slug }) else { return nil }
        let terms = try await TermsVersion.query(on: db).filter(\.$group.$id == group.id)
            .filter(\.$approvedOn <= today.daysSinceEpoch).sort(\.$version, .descending).first()
        let members = try await GroupMember.query(on: db).filter(\.$group.$id == group.id).all()
            .filter { $0.period.isInForce(on: today) }
        let organisationIDs = Set(members.map(\.organisationID))
        let organisations = organisationIDs.isEmpty ? [] : try await Organisation.query(on: db).filter(\.$id ~~ Array(organisationIDs)).all()
        let names = Dictionary(organisations.compactMap { org in org.id.map { ($0, org.name) } }, uniquingKeysWith: { a, _ in a })
        let roles = GroupRole.allCases
        let memberships = Set(members.compactMap { member in names[member.organisationID].map { M.Membership(organisation: $0, role: member.groupRole) } })
            .sorted { ($0.organisation, roles.firstIndex(of: $0.role) ?? 0) < ($1.organisation, roles.firstIndex(of: $1.role) ?? 0) }
        return M.GroupPage(group: group,
                           terms: terms.map { M.Terms(version: $0.version, body: $0.body, quorum: $0.quorum,
                                                      approvedOn: $0.approvedDay, nextReviewOn: $0.nextReviewDay) },
                           members: memberships,
                           meetings: try await meetings(of: [group], on: db),
                           today: today)
    }

    static func overview(on db: any Database, today: Day, rules: DisclosureRules,
                         words: (StrategyPublication.Indicator) -> (latest: String?, period: String?, target: String)) async throws -> M.Overview {
        let groups = try await groups(on: db)
        return M.Overview(groups: groups,
                          meetings: try await meetings(of: groups, on: db),
                          minutes: try await publishedMinutes(of: groups, on: db),
                          actions: try await actions(of: groups, on: db, today: today),
                          strategy: try await strategy(of: groups, on: db, rules: rules, words: words))
    }

    /// Public meetings of public groups, soonest first; cancelled ones say so.
    static func meetings(of groups: [M.Group], on db: any Database) async throws -> [M.Meeting] {
        guard !groups.isEmpty else { return [] }
        let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await Meeting.query(on: db).filter(\.$group.$id ~~ groups.map(\.id)).filter(\.$isPublic == true)
            .sort(\.$startsAt).all()
            .compactMap { meeting -> M.Meeting? in
                guard let id = meeting.id, let group = names[meeting.$group.id] else { return nil }
                let status: M.Meeting.Status = switch meeting.meetingStatus {
                case .scheduled: .scheduled
                case .held: .held
                case .cancelled: .cancelled
                }
                return M.Meeting(id: id, group: group, title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt,
                                 place: meeting.place, status: status)
            }
    }

    /// The latest published version of each public meeting's minutes, newest first
    /// (`GovernancePublication`: the public version only).
    static func publishedMinutes(of groups: [M.Group], on db: any Database) async throws -> [M.MinutesSummary] {
        let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await GovernancePublication.minutes(on: db).compactMap { item in
            guard let group = names[item.groupID] else { return nil }
            return summary(item, group: group)
        }
    }

    static func summary(_ item: GovernancePublication.PublishedMinutes, group: String) -> M.MinutesSummary {
        M.MinutesSummary(id: item.minutesID, group: group, meetingTitle: item.meetingTitle, meetingStartsAt: item.meetingStartsAt,
                         version: item.version, publishedOn: item.publishedOn,
                         publishedAt: Date(timeIntervalSince1970: TimeInterval(item.publishedOn.daysSinceEpoch) * 86_400))
    }

    /// One published version of minutes (older versions stay readable, pointing to the newer).
    static func minutes(_ id: UUID, on db: any Database) async throws -> M.Minutes? {
        let groups = try await groups(on: db)
        let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let all = try await GovernancePublication.minutes(includingSuperseded: true, on: db)
        guard let item = all.first(where: { $0.minutesID == id }), let group = names[item.groupID] else { return nil }
        let newest = all.filter { $0.meetingID == item.meetingID }.max { $0.version < $1.version }
        return M.Minutes(summary: summary(item, group: group), approvedOn: item.approvedOn, correctionNote: item.correctionNote,
                         document: item.content, newer: newest.flatMap { $0.version > item.version ? $0.minutesID : nil })
    }

    /// The published action log: the owner's organisation, never a person.
    static func actions(of groups: [M.Group], on db: any Database, today: Day) async throws -> [M.Action] {
        let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return try await GovernancePublication.actionLog(on: db).compactMap { action in
            guard let group = names[action.groupID] else { return nil }
            let status: M.Action.Status = switch action.status {
            case .open: .open
            case .inProgress: .inProgress
            case .done: .done
            case .dropped: .dropped
            }
            return M.Action(group: group, title: action.title, ownerOrganisation: action.organisationName, dueOn: action.due,
                            status: status, dropReason: nil, isOverdue: !action.status.isClosed && action.due < today)
        }
    }

    /// The strategy of each public group that has one (normally the board's).
    static func strategy(of groups: [M.Group], on db: any Database, rules: DisclosureRules,
                         words: (StrategyPublication.Indicator) -> (latest: String?, period: String?, target: String)) async throws -> [M.Priority] {
        var priorities: [M.Priority] = []
        for group in groups {
            for priority in try await StrategyPublication.tree(groupID: group.id, on: db, rules: rules) {
                priorities.append(M.Priority(title: priority.title, details: priority.description, objectives: priority.objectives.map { objective in
                    M.Objective(title: objective.title, indicators: objective.indicators.map { indicator in
                        let written = words(indicator)
                        return M.Indicator(name: indicator.name, latest: written.latest, period: written.period, target: written.target)
                    })
                }))
            }
        }
        return priorities
    }
}
