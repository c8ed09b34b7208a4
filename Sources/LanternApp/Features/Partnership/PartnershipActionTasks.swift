import Fluent
import Foundation
import LanternCore

/// Gives an action's owner a task (and, with mail configured, an email) when the action falls
/// due within `PartnershipActionRules.dueSoonDays` days, and another when it is overdue. Run
/// daily by the scheduled job; `TaskService.create`'s source key makes one task per action,
/// due date and standing however often, and on however many nodes, the sweep runs.
enum PartnershipActionTasks {
    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> Int {
        let open = [PartnershipActionStatus.open.rawValue, PartnershipActionStatus.inProgress.rawValue]
        let actions = try await PartnershipAction.query(on: db).filter(\.$status ~~ open)
            .filter(\.$dueOn <= today.adding(days: PartnershipActionRules.dueSoonDays).daysSinceEpoch).all()
        var made = 0
        var owners: [UUID: User?] = [:]
        for action in actions {
            let standing = PartnershipActionRules.standing(due: action.due, status: action.actionStatus, today: today)
            guard let actionID = action.id,
                  let key = PartnershipActionRules.taskSourceKey(actionID: actionID.uuidString, due: action.due, standing: standing) else { continue }
            if owners[action.ownerUserID] == nil { owners[action.ownerUserID] = .some(try await User.find(action.ownerUserID, on: db)) }
            guard let owner = owners[action.ownerUserID] ?? nil, !owner.isDisabled else { continue }
            let created = try await db.transaction { tx in
                try await TaskService.create(ownerID: action.ownerUserID, title: PartnershipActionRules.taskTitle(standing: standing, due: action.due),
                                             link: .partnershipAction(actionID.uuidString), due: action.due, sourceKey: key,
                                             services: services, on: tx)
            }
            if created { made += 1 }
        }
        return made
    }
}
