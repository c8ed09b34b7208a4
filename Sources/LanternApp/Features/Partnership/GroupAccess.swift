import Fluent
import Foundation
import LanternCore
import Vapor

/// Where a group sits for the access rules: its host organisation, and the people whose
/// membership is in force on `today` (from <= today, until open or >= today): every member
/// (`boardMemberIDs`, chairs and secretariat included), the chair and vice-chairs
/// (`boardChairIDs`) and the secretariat (`boardSecretariatIDs`). Everything of a group
/// (meetings, minutes, actions, indicators) is placed like its group.
func groupPlacement(_ group: PartnershipGroup, on db: any Database, today: Day) async throws -> RecordPlacement {
    let groupID = try group.requireID()
    let members = try await GroupMember.query(on: db).filter(\.$group.$id == groupID).inForce(on: today).all()
    var placement = RecordPlacement(organisationID: group.$hostOrganisation.id.uuidString)
    for member in members {
        let id = member.$user.id.uuidString
        placement.boardMemberIDs.insert(id)
        if member.groupRole.chairs { placement.boardChairIDs.insert(id) }
        if member.groupRole.isSecretariat { placement.boardSecretariatIDs.insert(id) }
    }
    return placement
}

extension QueryBuilder where Model == GroupMember {
    /// Memberships in force on `day`: started on or before it, not ended before it.
    func inForce(on day: Day) -> Self {
        filter(\.$fromDay <= day.daysSinceEpoch)
            .group(.or) { $0.filter(\.$untilDay == nil).filter(\.$untilDay >= day.daysSinceEpoch) }
    }
}

extension Request {
    /// The group `id`, if the person may do `action` to it: 403 when their roles never allow
    /// the action, 404 when the group does not exist or they may not do it to this one (as
    /// every other record answers). Meetings, minutes, actions and indicators are authorised
    /// by loading their group and calling this.
    func authoriseGroup(_ id: UUID, for action: Action) async throws -> Authorised<PartnershipGroup> {
        try authorise(action)
        guard let group = try await PartnershipGroup.find(id, on: db) else { throw LanternError.notFound }
        let placement = try await groupPlacement(group, on: db, today: application.lantern.today)
        return try await authorise(action, group, placedAt: placement)
    }

    /// The group for the first of `actions` the person may do to it (a page members read and
    /// managers run: `[.viewBoardPapers, .manageGroup]`); 404 when none, 403 when the roles
    /// allow none of them anywhere.
    func authoriseGroup(_ id: UUID, forAnyOf actions: [Action]) async throws -> Authorised<PartnershipGroup> {
        let policy = accessPolicy
        let context = try requireSignedIn()
        let possible = actions.filter { policy.allowsSome(context.roles, $0) }
        guard !possible.isEmpty else { throw LanternError.forbidden }
        for action in possible {
            do { return try await authoriseGroup(id, for: action) } catch LanternError.notFound { continue }
        }
        throw LanternError.notFound
    }

    /// The ids of the groups the person may do `action` to, narrowed in SQL as every list is
    /// (for other features' lists: meetings, minutes, actions of groups one may see).
    func groupIDs(for action: Action) async throws -> [UUID] {
        let context = try requireSignedIn()
        guard accessPolicy.allowsSome(context.roles, action) else { return [] }
        return try await narrow(PartnershipGroup.query(on: db), to: action).all().compactMap(\.id)
    }

    /// The groups the person may read or run (`viewBoardPapers` or `manageGroup`), by name.
    func visibleGroups() async throws -> [PartnershipGroup] {
        let ids = Set(try await groupIDs(for: .viewBoardPapers)).union(try await groupIDs(for: .manageGroup))
        guard !ids.isEmpty else { return [] }
        return try await PartnershipGroup.query(on: db).filter(\.$id ~~ Array(ids)).sort(\.$name).all()
    }
}

extension PartnershipGroup: NarrowableRecord {
    /// A group belongs to its host organisation; its members (in force today) relate to it
    /// as members, its chairs as chair, its secretariat as secretariat.
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<PartnershipGroup>? {
        let own = viewpoint.context.organisationID
        let roles: [GroupRole]
        switch relation {
        case .sameOrganisation: return RecordCondition { $0.filter(\.$hostOrganisation.$id == own) }
        case .boardMember: roles = GroupRole.allCases
        case .boardChair: roles = GroupRole.allCases.filter(\.chairs)
        case .boardSecretariat: roles = GroupRole.allCases.filter(\.isSecretariat)
        default: return nil
        }
        let ids = try await GroupMember.query(on: request.db).filter(\.$user.$id == viewpoint.context.userID)
            .filter(\.$role ~~ roles.map(\.rawValue)).inForce(on: request.application.lantern.today)
            .all().map { $0.$group.id }
        guard !ids.isEmpty else { return nil }
        return RecordCondition { $0.filter(\.$id ~~ ids) }
    }
}
