import Fluent
import Foundation
import LanternCore

/// The daily sweep: each current entry not verified for `LANTERN_CONTACT_STALE_DAYS` gives
/// every administrator of the organisation that keeps it (those who may manage its contacts
/// or its notifications) a task to check it, and an email saying a task is waiting. A stale
/// verification makes one task per person however often, or on however many nodes, the
/// sweep runs: the task's source names the entry and the verification.
enum ContactVerificationSweep {
    static func run(services: LanternServices, on db: any Database) async throws -> Int {
        let freshSince = ContactsDirectory.freshSince(today: services.today, staleDays: services.settings.contactStaleDays)
        let stale = try await DirectoryEntry.query(on: db).filter(\.$retiredAt == nil).filter(\.$verifiedAt < freshSince).all()
        var administrators: [UUID: [User]] = [:]
        var made = 0
        for entry in stale {
            guard let id = entry.id else { continue }
            let organisationID = entry.$organisation.id
            if administrators[organisationID] == nil {
                administrators[organisationID] = try await User.query(on: db).filter(\.$organisation.$id == organisationID)
                    .filter(\.$disabledAt == nil).all()
                    .filter { services.policy.permits($0.roleSet, .manageContacts, on: .sameOrganisation)
                        || services.policy.permits($0.roleSet, .manageNotifications, on: .sameOrganisation) }
            }
            let title = DirectoryRules.verificationTaskTitle(roleTitle: entry.roleTitle,
                                                             boroughName: services.boroughs.borough(code: entry.boroughCode)?.name ?? entry.boroughCode)
            let source = DirectoryRules.verificationSourceKey(entryID: id.uuidString, verifiedAt: entry.verifiedAt)
            for admin in administrators[organisationID] ?? [] {
                let created = try await db.transaction { tx in
                    try await TaskService.create(ownerID: admin.requireID(), title: title, link: .contactEntry(id.uuidString),
                                                 due: services.today, sourceKey: source, services: services, on: tx)
                }
                if created { made += 1 }
            }
        }
        return made
    }
}
