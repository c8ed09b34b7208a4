import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Reads and writes casework: the people who may work a case, its workers, notes and tasks.
/// Each write is one transaction with its audit entry; the one-time parts (a form sent twice,
/// a change racing another) are decided by one conditional statement.
struct CaseworkStore {
    let request: Request
    var services: LanternServices { request.application.lantern }

    struct Person: Sendable, Equatable {
        let id: UUID
        let name: String
    }

    /// The active people of an organisation, by name; `workersOnly` keeps those who may be a
    /// case's worker (`CaseworkRules.workerRoles`).
    static func people(of organisationID: UUID, workersOnly: Bool, on db: any Database) async throws -> [Person] {
        try await User.query(on: db).filter(\.$organisation.$id == organisationID).filter(\.$disabledAt == nil)
            .sort(\.$displayName).limit(2000).all()
            .filter { !workersOnly || CaseworkRules.mayBeWorker(roles: $0.roleSet, active: !$0.isDisabled) }
            .compactMap { user in user.id.map { Person(id: $0, name: user.displayName) } }
    }

    /// People's names by id (any organisation: names only).
    static func names(_ ids: Set<UUID>, on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let users = try await User.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(users.compactMap { user in user.id.map { ($0, user.displayName) } }, uniquingKeysWith: { a, _ in a })
    }

    /// The case's worker as stored, or, on a case older than workers, the person who recorded it.
    static func worker(of record: CaseRecord) -> UUID { record.workerID ?? record.createdBy }

    // MARK: Workers

    enum Outcome { case done, changedMeanwhile }

    /// Sets the workers in one statement. With `expected` (what the form showed), only if the
    /// stored workers are still those: two people changing them at once, one wins.
    func assign(_ workers: CaseworkRules.Workers, expected: (worker: UUID?, second: UUID?)?, to access: AccessibleCase) async throws -> Outcome {
        let caseID = try access.record.requireID()
        let now = services.now
        return try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let update = sql.update(CaseRecord.schema)
                .set("worker_id", to: SQLBind(workers.worker))
                .set("second_worker_id", to: workers.second.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(caseID))
            if let expected {
                if let worker = expected.worker { update.where("worker_id", .equal, SQLBind(worker)) } else { update.where("worker_id", .is, SQLLiteral.null) }
                if let second = expected.second { update.where("second_worker_id", .equal, SQLBind(second)) } else { update.where("second_worker_id", .is, SQLLiteral.null) }
            }
            guard try await update.returning("id").first() != nil else { return .changedMeanwhile }
            try await request.audit(AuditEvent(action: "case.workers_changed", recordType: "case", recordID: caseID.uuidString), on: tx)
            return .done
        }
    }

    // MARK: Notes

    struct Note: Sendable {
        let id: UUID
        let kind: CaseNoteKind?
        let on: Day
        let text: String
        let recordedBy: String
        let recordedAt: Date
    }

    /// Records a note with the id the form carried (a form sent twice records it once) and,
    /// for a contact, a visit or a call, its line in the contact log, in one transaction.
    /// Returns false when a note with this id was already recorded.
    @discardableResult
    func addNote(_ draft: CaseworkRules.NoteDraft, id: UUID, to access: AccessibleCase) async throws -> Bool {
        let cipher = try access.cipher
        let caseID = try access.record.requireID(), userID = try request.requireSignedIn().userID
        let now = services.now
        let sealed = try cipher.seal(draft.text, context: CaseNote.sealContext(id))
        return try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let inserted = try await sql.insert(into: CaseNote.schema)
                .columns("id", "case_id", "kind", "noted_on", "sealed_note", "recorded_by", "recorded_at")
                .values(SQLBind(id), SQLBind(caseID), SQLBind(draft.kind.rawValue), SQLBind(draft.on.daysSinceEpoch), SQLBind(sealed),
                        SQLBind(userID), SQLBind(now))
                .ignoringConflicts(with: ["id"])
                .returning("id")
                .first()
            guard inserted != nil else {
                // The id is taken: by this same form sent again (recorded once), or by some other
                // note (another case's, another person's): refused in words, never lost silently.
                let again = try await CaseNote.query(on: tx).filter(\.$id == id).filter(\.$case.$id == caseID)
                    .filter(\.$recordedBy == userID).first() != nil
                if !again { throw LanternError.conflict(CaseworkPages.localiser(request)("casework.error.note-id-taken")) }
                return false
            }
            if let method = draft.kind.contactMethod {
                // The contact log's line: the note itself stays in the notes.
                let contact = ContactLogEntry()
                contact.id = UUID()
                contact.$case.id = caseID
                contact.contactOn = draft.on.daysSinceEpoch
                contact.method = method.rawValue
                contact.recordedBy = userID
                contact.recordedAt = now
                try await contact.create(on: tx)
            }
            try await request.audit(AuditEvent(action: "case.note_added", recordType: "case", recordID: caseID.uuidString), on: tx)
            return true
        }
    }

    /// The case's notes, newest first (at most `limit`), opened with the case's key. The
    /// caller audits the read.
    static func notes(of access: AccessibleCase, limit: Int, on db: any Database) async throws -> [Note] {
        let cipher = try access.cipher
        let rows = try await CaseNote.query(on: db).filter(\.$case.$id == access.record.requireID())
            .sort(\.$notedOn, .descending).sort(\.$recordedAt, .descending).limit(limit).all()
        let names = try await names(Set(rows.map(\.recordedBy)), on: db)
        return try rows.map { row in
            let id = try row.requireID()
            return Note(id: id, kind: CaseNoteKind(rawValue: row.kind), on: Day(daysSinceEpoch: row.notedOn),
                        text: try cipher.open(row.sealedNote, context: CaseNote.sealContext(id)),
                        recordedBy: names[row.recordedBy] ?? "", recordedAt: row.recordedAt)
        }
    }

    // MARK: Tasks

    struct CaseTask: Sendable {
        let id: UUID
        let title: String
        let ownerID: UUID
        let owner: String
        let due: Day?
    }

    /// Gives the owner a task on the case through `TaskService` (so it lands in their task
    /// list, and they are emailed that a task waits); `key` makes it once however often the
    /// same form is sent. Returns false when this form already made it.
    @discardableResult
    func addTask(_ draft: CaseworkRules.TaskDraft, key: UUID, to access: AccessibleCase) async throws -> Bool {
        let caseID = try access.record.requireID()
        let sourceKey = "case_task:\(key.uuidString.lowercased())"
        return try await request.db.transaction { tx in
            guard try await TaskService.create(ownerID: draft.owner, title: draft.title, link: Href.case(access.record.reference),
                                               due: draft.due, sourceKey: sourceKey, services: services, on: tx) else { return false }
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            try await sql.update(PersonTask.schema).set("case_id", to: SQLBind(caseID))
                .where("owner_id", .equal, SQLBind(draft.owner)).where("source_key", .equal, SQLBind(sourceKey)).run()
            try await request.audit(AuditEvent(action: "case.task_added", recordType: "case", recordID: caseID.uuidString), on: tx)
            return true
        }
    }

    /// The open tasks on a case, due first.
    static func openTasks(on caseID: UUID, db: any Database) async throws -> [CaseTask] {
        guard let sql = db as? any SQLDatabase else { return [] }
        struct Row: Decodable { let id: UUID; let title: String; let owner_id: UUID; let due_on: Int? }
        let rows = try await sql.select().columns("id", "title", "owner_id", "due_on").from(PersonTask.schema)
            .where("case_id", .equal, SQLBind(caseID)).where("done_at", .is, SQLLiteral.null)
            .orderBy("created_at").limit(200)
            .all(decoding: Row.self)
            .sorted { ($0.due_on ?? Int.max) < ($1.due_on ?? Int.max) }
        let names = try await names(Set(rows.map(\.owner_id)), on: db)
        return rows.map { CaseTask(id: $0.id, title: $0.title, ownerID: $0.owner_id, owner: names[$0.owner_id] ?? "",
                                   due: $0.due_on.map(Day.init(daysSinceEpoch:))) }
    }

    // MARK: Contact

    /// The last day the person was reached (not an attempt, not after today).
    static func lastContact(of caseID: UUID, today: Day, on db: any Database) async throws -> Day? {
        let row = try await ContactLogEntry.query(on: db).filter(\.$case.$id == caseID)
            .filter(\.$method != ContactMethod.attempted.rawValue).filter(\.$contactOn <= today.daysSinceEpoch)
            .sort(\.$contactOn, .descending).first()
        return row.map { Day(daysSinceEpoch: $0.contactOn) }
    }
}
