import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Creates and completes people's tasks. A task made from something (`sourceKey`) is made once
/// per person however often that something is seen; the insert and the check are one
/// statement, so two nodes running the same sweep make one task.
enum TaskService {
    /// Gives `ownerID` a task, and emails them that a task is waiting when mail is configured
    /// (the email says only that, with a link to "Your tasks"). Returns false when the same
    /// source already gave them one. Call it with the transaction of the change that causes it.
    @discardableResult
    static func create(ownerID: UUID, title: String, link: Href, due: Day?, sourceKey: String?, notify: Bool = true,
                       services: LanternServices, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let id = UUID()
        let inserted = try await sql.insert(into: PersonTask.schema)
            .columns("id", "owner_id", "title", "link", "due_on", "source_key", "created_at")
            .values(SQLBind(id), SQLBind(ownerID), SQLBind(title), SQLBind(link.description), SQLBind(due?.daysSinceEpoch),
                    SQLBind(sourceKey), SQLBind(services.now))
            .ignoringConflicts(with: ["owner_id", "source_key"])
            .returning("id")
            .first()
        guard inserted != nil else { return false }
        if notify, let owner = try await User.find(ownerID, on: db), !owner.isDisabled {
            try await Outbox.enqueue(.taskAssigned, to: owner.email, link: .tasks, organisationID: owner.$organisation.id,
                                     services: services, on: db)
        }
        return true
    }

    /// Marks the owner's open task done, in one statement that names the owner: a task that is
    /// not theirs, or already done, is not found.
    static func markDone(_ id: UUID, ownerID: UUID, at now: Date, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.update(PersonTask.schema).set("done_at", to: now)
            .where("id", .equal, id).where("owner_id", .equal, ownerID).where("done_at", .is, SQLLiteral.null)
            .returning("id").first()
        return row != nil
    }

    /// Marks done every open task made from `sourceKey`, whoever owns it (what they were for
    /// has ended), in one statement.
    static func finishAll(sourceKey: String, at now: Date, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        try await sql.update(PersonTask.schema).set("done_at", to: now)
            .where("source_key", .equal, sourceKey).where("done_at", .is, SQLLiteral.null).run()
    }

    /// The person's open tasks, overdue first.
    static func open(for ownerID: UUID, today: Day, on db: any Database) async throws -> [PersonTask] {
        let tasks = try await PersonTask.query(on: db).filter(\.$ownerID == ownerID).filter(\.$doneAt == nil)
            .sort(\.$createdAt).limit(500).all()
        let listed = tasks.enumerated().map { index, task in
            TaskRules.Listed(id: task.id?.uuidString ?? "", due: task.dueOn.map(Day.init(daysSinceEpoch:)), createdOrder: index)
        }
        let byID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id?.uuidString ?? "", $0) })
        return TaskRules.ordered(listed, today: today).compactMap { byID[$0.id] }
    }

    /// Each administrator of the message's organisation gets a task to look at an email Lantern
    /// gave up on. Never emailed: mail is what failed, and a failed task email must not make
    /// more tasks.
    static func reviewFailedMessage(_ messageID: UUID, organisationID: UUID?, services: LanternServices, on db: any Database) async throws {
        guard let organisationID else { return }
        let admins = try await User.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$disabledAt == nil).all()
            .filter { services.policy.permits($0.roleSet, .manageNotifications, on: .sameOrganisation) }
        for admin in admins {
            try await create(ownerID: admin.requireID(), title: TaskRules.failedMessageTitle,
                             link: .failedMessages, due: services.today, sourceKey: "failed_message:\(messageID.uuidString)",
                             notify: false, services: services, on: db)
        }
    }
}
