import Fluent
import Foundation
import LanternCore

/// Gives each current secretariat member of a group a task when the review of the group's
/// current terms of reference falls due (`TermsRules.reviewNoticeDays` ahead, or overdue):
/// "Review the terms of reference of …", due on the review date, linking to the group. Run
/// daily by the scheduled job; a version gives each person one task however often (or on
/// however many nodes at once) the sweep runs, and a new version a new one.
enum TermsReviewTasks {
    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> Int {
        let versions = try await TermsVersion.query(on: db)
            .filter(\.$approvedOn <= today.daysSinceEpoch)
            .filter(\.$nextReviewOn <= today.adding(days: TermsRules.reviewNoticeDays).daysSinceEpoch)
            .all()
        guard !versions.isEmpty else { return 0 }
        // Only the current version of each group counts: a later approved version replaced it.
        let groupIDs = Array(Set(versions.map { $0.$group.id }))
        let latest = try await TermsVersion.query(on: db).filter(\.$group.$id ~~ groupIDs)
            .filter(\.$approvedOn <= today.daysSinceEpoch).all()
            .reduce(into: [UUID: Int]()) { $0[$1.$group.id] = max($0[$1.$group.id] ?? 0, $1.version) }
        var made = 0
        for version in versions where latest[version.$group.id] == version.version
            && TermsRules.reviewFallsDue(nextReview: version.nextReviewDay, today: today) {
            guard let versionID = version.id, let group = try await PartnershipGroup.find(version.$group.id, on: db) else { continue }
            let secretariat = try await GroupMember.query(on: db).filter(\.$group.$id == version.$group.id)
                .filter(\.$role == GroupRole.secretariat.rawValue).inForce(on: today).all()
            for userID in Set(secretariat.map { $0.$user.id }) {
                guard let user = try await User.find(userID, on: db), !user.isDisabled else { continue }
                let title = Localiser.englishGB("groups.review-task", ["group": group.name, "date": Localiser.englishGB.day(version.nextReviewDay)])
                let created = try await db.transaction { tx in
                    try await TaskService.create(ownerID: userID, title: title, link: .group(try group.requireID().uuidString),
                                                 due: version.nextReviewDay, sourceKey: "terms_review:\(versionID.uuidString)",
                                                 services: services, on: tx)
                }
                if created { made += 1 }
            }
        }
        return made
    }
}
