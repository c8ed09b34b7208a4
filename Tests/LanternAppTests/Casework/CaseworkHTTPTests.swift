import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import LanternApp
@testable import LanternCore

/// Casework over HTTP on SQLite and PostgreSQL: the recorder is a new case's worker; the owner
/// changes the workers (only active case workers and leads of the case's organisation), writes
/// notes (sealed, audited, read by the owning organisation only; a contact, visit or call is
/// contact for the alert) and gives tasks on the case (in the owner's task list); "My cases";
/// the alert sweep's tasks go to the worker and the second worker; the same form sent 40 times
/// at once records one note and one task, and 40 changes of the workers at once leave one.
@Suite struct CaseworkHTTPTests {
    struct World {
        let lantern: TestLantern
        let recorder: TestPerson
        let colleague: TestPerson
        let lead: TestPerson
        let analyst: TestPerson
        let gone: TestPerson
        let stranger: TestPerson
        let reference: String
    }

    static func world(_ lantern: TestLantern) async throws -> World {
        let council = try await lantern.makeOrganisation("Lambeth Council")
        let other = try await lantern.makeOrganisation("Brent Council")
        let recorder = try await lantern.makePerson(in: council, roles: [.caseWorker])
        let gone = try await lantern.makePerson(in: council, roles: [.caseWorker])
        gone.user.disabledAt = lantern.clock.now
        try await gone.user.save(on: lantern.app.db)
        let api = lantern.api(try await lantern.apiToken(for: recorder))
        let reference = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(lantern.today, identifiedDaysAgo: 60))
            .json["reference"] as? String)
        return World(lantern: lantern, recorder: recorder,
                     colleague: try await lantern.makePerson(in: council, roles: [.caseWorker]),
                     lead: try await lantern.makePerson(in: council, roles: [.modernSlaveryLead]),
                     analyst: try await lantern.makePerson(in: council, roles: [.analyst, .readOnly]),
                     gone: gone,
                     stranger: try await lantern.makePerson(in: other, roles: [.caseWorker, .modernSlaveryLead]),
                     reference: reference)
    }

    static func record(_ lantern: TestLantern, _ reference: String) async throws -> CaseRecord {
        try #require(try await CaseRecord.query(on: lantern.app.db).filter(\.$reference == reference).first())
    }

    static func hidden(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test(arguments: TestDatabase.available)
    func theOwnerAssignsWorkersWritesNotesAndGivesTasks(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let today = lantern.today, ref = w.reference, db = lantern.app.db
            // The recorder is the new case's worker.
            #expect(try await Self.record(lantern, ref).workerID == w.recorder.id)
            let browser = try await lantern.signedIn(w.recorder)
            let casePage = try await browser.get("/cases/\(ref)").body.string
            #expect(casePage.contains("id=\"casework\"") && casePage.contains(w.recorder.user.displayName))
            #expect(casePage.contains("No contact recorded") && casePage.contains("/cases/\(ref)/workers"))

            // Workers: only active case workers and leads of the case's organisation, two different people.
            let form = try await browser.get("/cases/\(ref)/workers")
            #expect(form.status == .ok && form.body.string.contains(w.lead.user.displayName))
            #expect(!form.body.string.contains(w.analyst.user.displayName) && !form.body.string.contains(w.stranger.user.displayName))
            for (worker, second, message) in [
                (w.analyst.id.uuidString, "", "Choose a case worker or modern slavery lead"),
                (w.stranger.id.uuidString, "", "Choose a case worker or modern slavery lead"),
                (w.gone.id.uuidString, "", "whose account is active"),
                ("", "", "Choose the case&#39;s worker."),
                (w.colleague.id.uuidString, w.colleague.id.uuidString, "someone other than the worker"),
            ] {
                let refused = try await browser.post("/cases/\(ref)/workers", [("worker", worker), ("secondWorker", second),
                                                                                ("expectedWorker", w.recorder.id.uuidString), ("expectedSecond", "")])
                #expect(refused.status == .unprocessableEntity, "\(worker)")
                #expect(refused.body.string.contains(message) || refused.body.string.contains(message.replacingOccurrences(of: "&#39;", with: "'")),
                        "\(message)")
            }
            #expect(try await Self.record(lantern, ref).workerID == w.recorder.id)
            let changed = try await browser.post("/cases/\(ref)/workers", [("worker", w.colleague.id.uuidString), ("secondWorker", w.lead.id.uuidString),
                                                                            ("expectedWorker", w.recorder.id.uuidString), ("expectedSecond", "")])
            #expect(changed.status == .seeOther && changed.location == "/cases/\(ref)?casework=workers-changed#casework")
            let after = try await Self.record(lantern, ref)
            #expect(after.workerID == w.colleague.id && after.secondWorkerID == w.lead.id)
            // A stale form (the workers changed since it was shown) is refused with what is stored now.
            let stale = try await browser.post("/cases/\(ref)/workers", [("worker", w.recorder.id.uuidString), ("secondWorker", ""),
                                                                          ("expectedWorker", w.recorder.id.uuidString), ("expectedSecond", "")])
            #expect(stale.status == .conflict && stale.body.string.contains("Someone else changed the workers"))
            #expect(try await Self.record(lantern, ref).workerID == w.colleague.id)

            // Notes: the form carries its own id; bad input gets field messages and nothing is written.
            let notesPage = try await browser.get("/cases/\(ref)/notes")
            #expect(notesPage.status == .ok && notesPage.body.string.contains("No notes yet."))
            let noteID = try #require(Self.hidden("noteID", in: notesPage.body.string))
            for (fields, message) in [
                ([("kind", "letter"), ("on", today.iso), ("note", "x")], "Choose what kind of note it is."),
                ([("kind", "call"), ("on", today.adding(days: 1).iso), ("note", "x")], "The date cannot be in the future."),
                ([("kind", "call"), ("on", today.adding(days: -61).iso), ("note", "x")], "before the person was identified"),
                ([("kind", "call"), ("on", "2026-13-01"), ("note", "x")], "Enter a real date"),
                ([("kind", "call"), ("on", today.iso), ("note", " ")], "Write the note."),
                ([("kind", "call"), ("on", today.iso), ("note", "bell\u{07}")], "Remove the control characters."),
            ] {
                let refused = try await browser.post("/cases/\(ref)/notes", [("noteID", noteID)] + fields)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(message)")
            }
            #expect(try await CaseNote.query(on: db).count() == 0)
            let added = try await browser.post("/cases/\(ref)/notes", [("noteID", noteID), ("kind", "call"), ("on", today.adding(days: -2).iso),
                                                                       ("note", "Canary note 4242 <b>bold</b>")])
            #expect(added.status == .seeOther && added.location == "/cases/\(ref)/notes?casework=note-added")
            #expect(try await browser.post("/cases/\(ref)/notes", [("kind", "professional_discussion"), ("on", today.iso),
                                                                   ("note", "Canary talk 5151")]).status == .seeOther)
            let notes = try await CaseNote.query(on: db).all()
            #expect(notes.count == 2 && notes.allSatisfy { !$0.sealedNote.contains("Canary") })
            // The call is contact with the person; the professional discussion is not.
            let contacts = try await ContactLogEntry.query(on: db).all()
            #expect(contacts.map(\.method) == ["phone"] && contacts.first?.contactOn == today.adding(days: -2).daysSinceEpoch)
            let allNotes = try await browser.get("/cases/\(ref)/notes").body.string
            #expect(allNotes.contains("Canary note 4242 &lt;b&gt;bold&lt;/b&gt;") && allNotes.contains("Canary talk 5151"))
            let section = try await browser.get("/cases/\(ref)").body.string
            #expect(section.contains("Canary talk 5151") && section.contains("2 days ago") && section.contains(w.colleague.user.displayName))

            // A task on the case for a colleague: in their task list and on the case.
            let taskForm = try await browser.get("/cases/\(ref)/tasks/new")
            #expect(taskForm.status == .ok)
            let key = try #require(Self.hidden("taskKey", in: taskForm.body.string))
            for (fields, message) in [
                ([("title", ""), ("owner", w.colleague.id.uuidString), ("due", today.iso)], "Say what is to be done."),
                ([("title", "Book it"), ("owner", w.stranger.id.uuidString), ("due", today.iso)], "Choose someone in the case"),
                ([("title", "Book it"), ("owner", "nobody"), ("due", today.iso)], "Choose someone in the case"),
                ([("title", "Book it"), ("owner", w.colleague.id.uuidString), ("due", today.adding(days: -1).iso)], "cannot be in the past"),
            ] {
                let refused = try await browser.post("/cases/\(ref)/tasks/new", [("taskKey", key)] + fields)
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(message), "\(message)")
            }
            let given = try await browser.post("/cases/\(ref)/tasks/new", [("taskKey", key), ("title", "Book the interpreter 7788"),
                                                                           ("owner", w.colleague.id.uuidString), ("due", today.adding(days: 3).iso)])
            #expect(given.status == .seeOther && given.location == "/cases/\(ref)?casework=task-added#casework")
            let task = try #require(try await PersonTask.query(on: db).filter(\.$title == "Book the interpreter 7788").first())
            #expect(task.ownerID == w.colleague.id && task.link == "/cases/\(ref)" && task.dueOn == today.adding(days: 3).daysSinceEpoch)
            struct CaseID: Decodable { let case_id: UUID? }
            let stored = try await (db as! any SQLDatabase).select().column("case_id").from("tasks").where("id", .equal, SQLBind(task.id!))
                .first(decoding: CaseID.self)
            #expect(stored?.case_id == after.id)
            let colleague = try await lantern.signedIn(w.colleague)
            #expect(try await colleague.get("/tasks").body.string.contains("Book the interpreter 7788"))
            let colleagueCase = try await colleague.get("/cases/\(ref)").body.string
            #expect(colleagueCase.contains("Book the interpreter 7788") && colleagueCase.contains("name=\"task\" value=\"\(task.id!.uuidString)\""))
            // Done through the task list's own route: no longer open on the case.
            #expect(try await colleague.post("/tasks/done", [("task", task.id!.uuidString)]).status == .seeOther)
            #expect(!(try await colleague.get("/cases/\(ref)").body.string.contains("Book the interpreter 7788")))

            // My cases: the colleague's (worker) and the lead's (second worker), no longer the recorder's.
            let mine = try await colleague.get("/cases/mine").body.string
            #expect(mine.contains(ref))
            #expect(try await lantern.signedIn(w.lead).get("/cases/mine").body.string.contains(ref))
            #expect(!(try await browser.get("/cases/mine").body.string.contains(ref)))

            let actions = try await AuditEntry.query(on: db).all().map(\.action)
            for action in ["case.workers_changed", "case.note_added", "case.notes_viewed", "case.task_added", "cases.mine_listed"] {
                #expect(actions.contains(action), "\(action)")
            }
            #expect(actions.filter { $0 == "case.note_added" }.count == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func notesAreTheOwnersAndNobodyElseWrites(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let shared = try await AccommodationHTTPTests.world(lantern)
            let ref = shared.reference, today = lantern.today
            let owner = try await lantern.signedIn(shared.worker)
            try await owner.get("/cases/\(ref)/notes")
            #expect(try await owner.post("/cases/\(ref)/notes", [("kind", "visit"), ("on", today.iso), ("note", "Canary visit 9090")]).status == .seeOther)
            let readers = [shared.partner, shared.decisionPartner, shared.stranger]
            for person in readers {
                let reader = try await lantern.signedIn(person)
                try await reader.get("/")
                #expect(try await reader.get("/cases/\(ref)/notes").status == .notFound)
                #expect(!(try await reader.get("/cases/\(ref)").body.string.contains("Canary visit 9090")))
                for path in ["notes", "workers", "tasks/new"] {
                    let status = try await reader.post("/cases/\(ref)/\(path)", [("kind", "call"), ("on", today.iso), ("note", "x"),
                                                                                  ("worker", person.id.uuidString), ("title", "t"),
                                                                                  ("owner", person.id.uuidString), ("due", today.iso)]).status
                    #expect(status == .notFound || status == .forbidden, "\(path)")
                }
                let api = lantern.api(try await lantern.apiToken(for: person))
                #expect(try await api.get("/api/v1/cases/\(ref)/notes").status == .notFound)
                #expect(try await api.post("/api/v1/cases/\(ref)/notes", ["kind": "call", "on": today.iso, "note": "x"]).status == .notFound)
            }
            #expect(try await CaseNote.query(on: lantern.app.db).count() == 1)
            // Bad ids in the address: 404, never 500.
            #expect(try await owner.get("/cases/not-a-reference/notes").status == .notFound)
            #expect(try await owner.get("/cases/LNT-0000-0000-0000/workers").status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theSameFormFortyTimesAtOnceRecordsOnce(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let ref = w.reference, today = lantern.today, db = lantern.app.db
            let browser = try await lantern.signedIn(w.recorder)
            let noteID = try #require(Self.hidden("noteID", in: try await browser.get("/cases/\(ref)/notes").body.string))
            // MUT: one note form sent 40 times at once
            let notes = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await browser.post("/cases/\(ref)/notes", [("noteID", noteID), ("kind", "contact"), ("on", today.iso), ("note", "Once")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(notes.allSatisfy { $0 == .seeOther })
            #expect(try await CaseNote.query(on: db).count() == 1)
            #expect(try await ContactLogEntry.query(on: db).count() == 1)
            let added = try await AuditEntry.query(on: db).filter(\.$action == "case.note_added").count()
            #expect(added == 1)

            // MUT: one task form sent 40 times at once
            let key = try #require(Self.hidden("taskKey", in: try await browser.get("/cases/\(ref)/tasks/new").body.string))
            let tasks = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<40 {
                    group.addTask {
                        try await browser.post("/cases/\(ref)/tasks/new", [("taskKey", key), ("title", "Once only"), ("owner", w.colleague.id.uuidString),
                                                                          ("due", today.iso)]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(tasks.allSatisfy { $0 == .seeOther })
            #expect(try await PersonTask.query(on: db).filter(\.$title == "Once only").count() == 1)

            // MUT: 40 changes of the workers at once, each from the same form to another person
            var people = [w.colleague, w.lead]
            let council = try #require(try await Organisation.find(w.recorder.organisationID, on: db))
            for _ in 0..<38 { people.append(try await lantern.makePerson(in: council, roles: [.caseWorker])) }
            let changes = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for person in people {
                    group.addTask {
                        try await browser.post("/cases/\(ref)/workers", [("worker", person.id.uuidString), ("secondWorker", ""),
                                                                          ("expectedWorker", w.recorder.id.uuidString), ("expectedSecond", "")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(changes.filter { $0 == .seeOther }.count == 1)
            #expect(changes.filter { $0 == .conflict }.count == 39)
            let worker = try #require(try await Self.record(lantern, ref).workerID)
            #expect(people.map(\.id).contains(worker))
            #expect(try await AuditEntry.query(on: db).filter(\.$action == "case.workers_changed").count() == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theAPIFollowsTheSameRules(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let ref = w.reference, today = lantern.today
            let api = lantern.api(try await lantern.apiToken(for: w.recorder))
            let created = try await api.post("/api/v1/cases/\(ref)/notes", ["kind": "visit", "on": today.iso, "note": "Canary api 3131"])
            #expect(created.status == .created && created.json["kind"] as? String == "visit" && created.json["note"] as? String == "Canary api 3131")
            let refused = try await api.post("/api/v1/cases/\(ref)/notes", ["kind": "carrier_pigeon", "on": today.iso])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Choose what kind of note it is."))
            let list = try await api.get("/api/v1/cases/\(ref)/notes")
            let items = try #require(list.json["items"] as? [[String: Any]])
            #expect(list.status == .ok && items.count == 1 && items.first?["note"] as? String == "Canary api 3131")
            #expect(try await ContactLogEntry.query(on: lantern.app.db).count() == 1)

            let task = try await api.post("/api/v1/cases/\(ref)/tasks", ["title": "Call the GP", "owner": w.lead.id.uuidString, "due": today.iso])
            #expect(task.status == .created && task.json["caseReference"] as? String == ref)
            let badTask = try await api.post("/api/v1/cases/\(ref)/tasks", ["title": "Call the GP", "owner": w.stranger.id.uuidString, "due": today.iso])
            #expect(badTask.status == .unprocessableEntity && badTask.body.string.contains("owner"))

            let workers = try await api.put("/api/v1/cases/\(ref)/workers", ["worker": w.lead.id.uuidString, "secondWorker": w.colleague.id.uuidString])
            #expect(workers.status == .ok && workers.json["worker"] as? String == w.lead.id.uuidString)
            let badWorkers = try await api.put("/api/v1/cases/\(ref)/workers", ["worker": w.analyst.id.uuidString])
            #expect(badWorkers.status == .unprocessableEntity && badWorkers.body.string.contains("worker"))
            let record = try await Self.record(lantern, ref)
            #expect(record.workerID == w.lead.id && record.secondWorkerID == w.colleague.id)
            let stranger = lantern.api(try await lantern.apiToken(for: w.stranger))
            #expect(try await stranger.put("/api/v1/cases/\(ref)/workers", ["worker": w.stranger.id.uuidString]).status == .notFound)
            #expect(try await stranger.post("/api/v1/cases/\(ref)/tasks", ["title": "x", "owner": w.stranger.id.uuidString, "due": today.iso]).status
                    == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theAlertSweepTellsTheWorkersAndReadsNotesAsContact(database: TestDatabase) async throws {
        try await TestLantern.run(database) { lantern in
            let w = try await Self.world(lantern)
            let db = lantern.app.db, today = lantern.today
            // Case one: no contact for 60 days, now worked by the colleague with the lead's... no: a second case worker.
            let second = try await lantern.makePerson(in: try #require(try await Organisation.find(w.recorder.organisationID, on: db)), roles: [.caseWorker])
            let api = lantern.api(try await lantern.apiToken(for: w.recorder))
            #expect(try await api.put("/api/v1/cases/\(w.reference)/workers", ["worker": w.colleague.id.uuidString,
                                                                                "secondWorker": second.id.uuidString]).status == .ok)
            // Case two: a call three days ago is contact.
            let other = try #require(try await api.post("/api/v1/cases", PathwayHTTPTests.newCase(today, identifiedDaysAgo: 60)).json["reference"] as? String)
            #expect(try await api.post("/api/v1/cases/\(other)/notes", ["kind": "call", "on": today.adding(days: -3).iso, "note": "Reached"]).status
                    == .created)
            _ = try await CaseAlertJob.run(services: lantern.app.lantern, today: today, on: db)
            let alerts = try await CaseAlert.query(on: db).filter(\.$kind == AlertKind.noContact.rawValue).with(\.$case).all()
            #expect(alerts.map(\.case.reference) == [w.reference])
            let owners = Set(try await PersonTask.query(on: db).filter(\.$sourceKey ~~ alerts.map { "alert:" + CaseAlertJob.idText($0.id!) }).all().map(\.ownerID))
            #expect(owners == [w.colleague.id, second.id, w.lead.id])
            // The worker's alert list shows the case; the recorder's no longer does.
            #expect(try await lantern.signedIn(second).get("/alerts").body.string.contains(w.reference))
            #expect(!(try await lantern.signedIn(w.recorder).get("/alerts").body.string.contains(w.reference)))
        }
    }
}
