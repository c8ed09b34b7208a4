import Fluent
import Foundation
import LanternCore

/// The daily job `training_commitments` (`ScheduledJobs.trainingCommitments`): a trainer whose
/// Train-the-Trainer commitment falls due within a month, and who has delivered fewer sessions
/// than promised, gets a task (and the "a task is waiting" email) a month before and a week
/// before, once each (source key `training_commitment:<id>:<days before>`).
enum TrainingCommitmentJob {
    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> String {
        let horizon = today.adding(days: TrainingCommitmentRules.reminderDays.max() ?? 30)
        let commitments = try await TrainingCommitment.query(on: db).filter(\.$dueOn >= today.daysSinceEpoch)
            .filter(\.$dueOn <= horizon.daysSinceEpoch).all()
        guard !commitments.isEmpty else { return "tasks_created=0" }
        let delivered = try await TrainingCascadeController.deliveredSessions(by: Set(commitments.map(\.userID)), on: db, upTo: today)
        let courses = Dictionary(try await TrainingCourse.query(on: db).filter(\.$id ~~ commitments.map(\.courseID)).all()
            .compactMap { c in c.id.map { ($0, c.title) } }, uniquingKeysWith: { a, _ in a })
        var created = 0
        for commitment in commitments {
            let count = delivered[commitment.userID, default: []].filter { $0 >= commitment.madeOn }.count
            let due = Day(daysSinceEpoch: commitment.dueOn)
            guard let mark = TrainingCommitmentRules.reminder(due: due, today: today, delivered: count, promised: commitment.sessionsDue),
                  let id = commitment.id else { continue }
            let title = "Deliver \(commitment.sessionsDue - count) more session(s) of \(courses[commitment.courseID] ?? "your course") by \(due.iso)"
            if try await TaskService.create(ownerID: commitment.userID, title: title, link: .training, due: due,
                                            sourceKey: "training_commitment:\(id.uuidString):\(mark)", services: services, on: db) {
                created += 1
            }
        }
        return "tasks_created=\(created)"
    }
}
