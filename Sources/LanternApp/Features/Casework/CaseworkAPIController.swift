import Fluent
import Vapor
import LanternCore

/// Casework's half of the API, through the same rules, store and policy as the pages:
/// a case's notes (`GET`/`POST /api/v1/cases/{reference}/notes`, the owning organisation
/// only), a task on a case (`POST …/tasks`) and its workers (`PUT …/workers`). Field
/// problems answer 422 with the fields named as the body names them.
struct CaseworkAPIController {
    func register(_ routes: LanternRoutes) {
        let api = routes.api
        api.get(CaseworkPaths.apiNotes, access: .action(.viewCase), use: notes)
        api.post(CaseworkPaths.apiNotes, access: .action(.editCase), use: addNote)
        api.post(CaseworkPaths.apiTasks, access: .action(.editCase), use: addTask)
        api.put(CaseworkPaths.apiWorkers, access: .action(.editCase), use: setWorkers)
    }

    struct NoteDTO: Content {
        var id: UUID
        var kind: String
        var on: String
        var note: String
        var recordedBy: String
        var recordedAt: Date
    }

    struct NoteBody: Content {
        var kind: String?
        var on: String?
        var note: String?
    }

    struct TaskBody: Content {
        var title: String?
        var owner: String?
        var due: String?
    }

    struct TaskDTO: Content {
        var id: UUID
        var title: String
        var owner: UUID
        var due: String
        var caseReference: String
    }

    struct WorkersBody: Content {
        var worker: String?
        var secondWorker: String?
    }

    struct WorkersDTO: Content {
        var worker: UUID
        var secondWorker: UUID?
    }

    static func dto(_ note: CaseworkStore.Note) -> NoteDTO {
        NoteDTO(id: note.id, kind: note.kind?.rawValue ?? "", on: note.on.iso, note: note.text, recordedBy: note.recordedBy, recordedAt: note.recordedAt)
    }

    @Sendable func notes(_ request: Request) async throws -> ListDTO<NoteDTO> {
        let access = try await CaseworkController.owned(request, for: .viewCase)
        let notes = try await CaseworkStore.notes(of: access, limit: 1000, on: request.db)
        try await request.audit(AuditEvent(action: "case.notes_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return ListDTO(items: notes.map(Self.dto))
    }

    @Sendable func addNote(_ request: Request) async throws -> Response {
        let access = try await CaseworkController.owned(request, for: .editCase)
        let body = try request.content.decode(NoteBody.self)
        let (draft, problems) = CaseworkRules.checkNote(kind: body.kind, on: body.on, text: body.note,
                                                        earliest: Day(daysSinceEpoch: access.record.identifiedOn), today: request.today,
                                                        l: CaseworkPages.localiser(request))
        guard let draft else { throw LanternError.invalid(problems.items) }
        let id = UUID()
        try await CaseworkStore(request: request).addNote(draft, id: id, to: access)
        let name = try request.requireSignedIn().user.displayName
        return try await NoteDTO(id: id, kind: draft.kind.rawValue, on: draft.on.iso, note: draft.text, recordedBy: name,
                                 recordedAt: request.application.lantern.now).encodeResponse(status: .created, for: request)
    }

    @Sendable func addTask(_ request: Request) async throws -> Response {
        let access = try await CaseworkController.owned(request, for: .editCase)
        let body = try request.content.decode(TaskBody.self)
        let eligible = Set(try await CaseworkStore.people(of: access.record.$organisation.id, workersOnly: false, on: request.db).map(\.id))
        let (draft, problems) = CaseworkRules.checkTask(title: body.title, owner: body.owner, due: body.due, eligible: eligible,
                                                        today: request.today, l: CaseworkPages.localiser(request))
        guard let draft else { throw LanternError.invalid(problems.items) }
        let key = UUID()
        try await CaseworkStore(request: request).addTask(draft, key: key, to: access)
        guard let task = try await PersonTask.query(on: request.db).filter(\.$ownerID == draft.owner)
            .filter(\.$sourceKey == "case_task:\(key.uuidString.lowercased())").first(), let id = task.id else { throw LanternError.notFound }
        return try await TaskDTO(id: id, title: draft.title, owner: draft.owner, due: draft.due.iso, caseReference: access.record.reference)
            .encodeResponse(status: .created, for: request)
    }

    @Sendable func setWorkers(_ request: Request) async throws -> WorkersDTO {
        let access = try await CaseworkController.owned(request, for: .editCase)
        let body = try request.content.decode(WorkersBody.self)
        let eligible = Set(try await CaseworkStore.people(of: access.record.$organisation.id, workersOnly: true, on: request.db).map(\.id))
        let (workers, problems) = CaseworkRules.checkWorkers(worker: body.worker, second: body.secondWorker, eligible: eligible,
                                                             l: CaseworkPages.localiser(request))
        guard let workers else { throw LanternError.invalid(problems.items) }
        _ = try await CaseworkStore(request: request).assign(workers, expected: nil, to: access)
        return WorkersDTO(worker: workers.worker, secondWorker: workers.second)
    }
}
