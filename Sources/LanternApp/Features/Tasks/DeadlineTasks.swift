import Fluent
import Foundation
import LanternCore

/// Gives the case worker who opened a case a task when its stage deadline is a week away or
/// less ("Reasonable Grounds decision expected for case LNT-…", due that day). Run by the
/// scheduled job; a deadline gives one task however often the job runs, and a new deadline
/// (the case moved on) gives a new one.
enum DeadlineTasks {
    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> Int {
        let cases = try await CaseRecord.query(on: db)
            .filter(\.$dueOn >= today.daysSinceEpoch)
            .filter(\.$dueOn <= today.adding(days: TaskRules.deadlineNotice).daysSinceEpoch)
            .filter(\.$stage != Stage.closed.rawValue)
            .filter(\.$erasedAt == nil)
            .all()
        var made = 0
        var owners: [UUID: User?] = [:]
        for record in cases {
            guard let deadline = record.state.deadline(limits: CaseService.limits),
                  TaskRules.isApproaching(deadline.due, today: today), let caseID = record.id else { continue }
            // The owner still works there and can act on the case.
            if owners[record.createdBy] == nil { owners[record.createdBy] = .some(try await User.find(record.createdBy, on: db)) }
            guard let owner = owners[record.createdBy] ?? nil, !owner.isDisabled,
                  owner.$organisation.id == record.$organisation.id,
                  services.policy.permits(owner.roleSet, .editCase, on: .sameOrganisation) else { continue }
            let created = try await db.transaction { tx in
                try await TaskService.create(ownerID: record.createdBy, title: TaskRules.stageDeadlineTitle(deadline, reference: record.reference),
                                             link: .case(record.reference), due: deadline.due,
                                             sourceKey: "stage_deadline:\(caseID.uuidString):\(deadline.due.daysSinceEpoch)",
                                             services: services, on: tx)
            }
            if created { made += 1 }
        }
        return made
    }
}
