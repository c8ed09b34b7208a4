import Fluent
import Foundation
import LanternCore
import SQLKit

/// The demo's casework, all fictional: the demo council's cases get the demo case worker as
/// their worker (the lead as second worker on the first few), two cases get notes (a call,
/// which counts as contact, and a professional discussion), and one a task for the worker.
/// Run it before the alerts demo, so the day's alert tasks go to the workers.
enum CaseworkDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        guard let council = demo.organisation(.council), let worker = demo.person(.caseWorker),
              let sql = db as? any SQLDatabase else { return }
        try await sql.update(CaseRecord.schema).set("worker_id", to: SQLBind(worker))
            .where("organisation_id", .equal, SQLBind(council)).run()
        let open = try await CaseRecord.query(on: db).filter(\.$organisation.$id == council).filter(\.$erasedAt == nil)
            .filter(\.$stage != Stage.closed.rawValue).sort(\.$reference).limit(3).all()
        let today = demo.today
        if let lead = demo.person(.modernSlaveryLead) {
            let ids = open.compactMap(\.id)
            if !ids.isEmpty {
                try await sql.update(CaseRecord.schema).set("second_worker_id", to: SQLBind(lead)).where(SQLIdentifier("id"), .in, SQLBind.group(ids)).run()
            }
        }
        let notes: [(CaseNoteKind, Int, String)] = [
            (.call, -4, "Rang to check the new phone works; agreed a visit next week (demo)."),
            (.professionalDiscussion, -9, "Talked with the housing officer about a move (demo)."),
        ]
        for (record, note) in zip(open, notes) {
            let caseID = try record.requireID()
            guard let cipher = try await demo.services.caseKeys.cipher(for: caseID, on: db) else { continue }
            let on = max(today.adding(days: note.1), Day(daysSinceEpoch: record.identifiedOn))
            let id = UUID()
            let row = CaseNote()
            row.id = id
            row.$case.id = caseID
            row.kind = note.0.rawValue
            row.notedOn = on.daysSinceEpoch
            row.sealedNote = try cipher.seal(note.2, context: CaseNote.sealContext(id))
            row.recordedBy = worker
            row.recordedAt = demo.now
            try await row.create(on: db)
            if let method = note.0.contactMethod {
                let contact = ContactLogEntry()
                contact.id = UUID()
                contact.$case.id = caseID
                contact.contactOn = on.daysSinceEpoch
                contact.method = method.rawValue
                contact.recordedBy = worker
                contact.recordedAt = demo.now
                try await contact.create(on: db)
            }
        }
        if let first = open.first, let caseID = first.id {
            let key = "case_task:demo-\(caseID.uuidString.lowercased())"
            try await TaskService.create(ownerID: worker, title: "Book an interpreter for the next visit (demo)", link: Href.case(first.reference),
                                         due: today.adding(days: 3), sourceKey: key, notify: false, services: demo.services, on: db)
            try await sql.update(PersonTask.schema).set("case_id", to: SQLBind(caseID))
                .where("owner_id", .equal, SQLBind(worker)).where("source_key", .equal, SQLBind(key)).run()
        }
    }
}
