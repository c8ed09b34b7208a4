import Fluent
import Vapor
import LanternCore

/// Casework's pages. Changing the workers, adding a note or a task needs `editCase` in the
/// case's own organisation; reading the notes needs `viewCase` and the case's own
/// organisation (a partner, even with the whole case, gets 404). Every read and write of a
/// note is audited.
struct CaseworkController {
    func register(_ routes: LanternRoutes) {
        routes.get(CaseworkPaths.workers, access: .action(.editCase), use: workersForm)
        routes.post(CaseworkPaths.workers, access: .action(.editCase), use: changeWorkers)
        routes.get(CaseworkPaths.notes, access: .action(.viewCase), use: notes)
        routes.post(CaseworkPaths.notes, access: .action(.editCase), use: addNote)
        routes.get(CaseworkPaths.newTask, access: .action(.editCase), use: taskForm)
        routes.post(CaseworkPaths.newTask, access: .action(.editCase), use: addTask)
        routes.get(CaseworkPaths.mine, access: .action(.viewCase), use: mine)
    }

    /// The case, if the viewer's organisation owns it; anything else answers 404.
    static func owned(_ request: Request, for action: Action) async throws -> AccessibleCase {
        let access = try await CaseAccess.load(request.parameters.get("reference"), for: action, request: request)
        guard access.relation == .sameOrganisation else { throw LanternError.notFound }
        return access
    }

    static func canEdit(_ access: AccessibleCase, request: Request) throws -> Bool {
        let context = try request.requireSignedIn()
        return access.relation == .sameOrganisation && !access.erased
            && request.accessPolicy.permits(context.roles, .editCase, on: .sameOrganisation)
    }

    // MARK: Workers

    struct WorkersInput: Content {
        var worker: String?
        var secondWorker: String?
        var expectedWorker: String?
        var expectedSecond: String?
    }

    private func workersPage(_ access: AccessibleCase, input: WorkersInput, errors: FormErrors, changedMeanwhile: Bool = false,
                             request: Request) async throws -> Response {
        let record = access.record
        let people = try await CaseworkStore.people(of: record.$organisation.id, workersOnly: true, on: request.db)
        return request.render(CaseworkPages.workers(.init(
            reference: record.reference, people: people, worker: input.worker, secondWorker: input.secondWorker,
            expectedWorker: record.workerID?.uuidString ?? "", expectedSecond: record.secondWorkerID?.uuidString ?? "",
            errors: errors, csrf: request.csrfToken, changedMeanwhile: changedMeanwhile), l: CaseworkPages.localiser(request)))
    }

    @Sendable func workersForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request, for: .editCase)
        let record = access.record
        return try await workersPage(access, input: .init(worker: CaseworkStore.worker(of: record).uuidString,
                                                          secondWorker: record.secondWorkerID?.uuidString), errors: FormErrors(), request: request)
    }

    /// An id the form sent back as it was given (empty: none); nil when it is not an id.
    static func expectedID(_ text: String?) -> UUID?? {
        let text = (text ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .some(nil) }
        return UUID(exactly: text).map { .some($0) }
    }

    @Sendable func changeWorkers(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request, for: .editCase)
        let l = CaseworkPages.localiser(request)
        let input = try request.content.decode(WorkersInput.self)
        let eligible = Set(try await CaseworkStore.people(of: access.record.$organisation.id, workersOnly: true, on: request.db).map(\.id))
        let (workers, problems) = CaseworkRules.checkWorkers(worker: input.worker, second: input.secondWorker, eligible: eligible, l: l)
        guard let workers else { return try await workersPage(access, input: input, errors: CaseworkPages.errors(problems), request: request) }
        guard let expectedWorker = Self.expectedID(input.expectedWorker), let expectedSecond = Self.expectedID(input.expectedSecond) else {
            return try await workersPage(access, input: input, errors: FormErrors(), changedMeanwhile: true, request: request)
        }
        let outcome = try await CaseworkStore(request: request).assign(workers, expected: (expectedWorker, expectedSecond), to: access)
        guard outcome == .done else {
            // Someone changed them meanwhile: show what is stored now, with the choice kept.
            let fresh = try await Self.owned(request, for: .editCase)
            return try await workersPage(fresh, input: input, errors: FormErrors(), changedMeanwhile: true, request: request)
        }
        return request.redirect(to: Href.case(access.record.reference).query("casework", CaseworkPages.Done.workersChanged.rawValue)
            .fragment("casework"))
    }

    // MARK: Notes

    struct NoteInput: Content {
        var noteID: String?
        var kind: String?
        var on: String?
        var note: String?
    }

    private func notesPage(_ access: AccessibleCase, input: NoteInput, errors: FormErrors, request: Request) async throws -> Response {
        let notes = try await CaseworkStore.notes(of: access, limit: 1000, on: request.db)
        try await request.audit(AuditEvent(action: "case.notes_viewed", recordType: "case", recordID: access.record.id?.uuidString))
        return request.render(CaseworkPages.notes(.init(
            reference: access.record.reference, notes: notes, canEdit: try Self.canEdit(access, request: request),
            noteID: input.noteID ?? UUID().uuidString, kind: input.kind, on: input.on, text: input.note, errors: errors, csrf: request.csrfToken,
            done: request.query[String.self, at: "casework"].flatMap(CaseworkPages.Done.init(rawValue:))), l: CaseworkPages.localiser(request)))
    }

    @Sendable func notes(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request, for: .viewCase)
        _ = try access.cipher
        return try await notesPage(access, input: .init(on: request.today.iso), errors: FormErrors(), request: request)
    }

    @Sendable func addNote(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request, for: .editCase)
        let l = CaseworkPages.localiser(request)
        var input = try request.content.decode(NoteInput.self)
        let id = input.noteID.flatMap { UUID(exactly: $0.trimmingCharacters(in: .whitespaces)) } ?? UUID()
        input.noteID = id.uuidString
        let (draft, problems) = CaseworkRules.checkNote(kind: input.kind, on: input.on, text: input.note,
                                                        earliest: Day(daysSinceEpoch: access.record.identifiedOn), today: request.today, l: l)
        guard let draft else { return try await notesPage(access, input: input, errors: CaseworkPages.errors(problems), request: request) }
        // The same form sent again (a double click, a retry) records the note once.
        try await CaseworkStore(request: request).addNote(draft, id: id, to: access)
        return request.redirect(to: Href.caseNotes(access.record.reference).query("casework", CaseworkPages.Done.noteAdded.rawValue))
    }

    // MARK: Tasks

    struct TaskInput: Content {
        var taskKey: String?
        var title: String?
        var owner: String?
        var due: String?
    }

    private func taskPage(_ access: AccessibleCase, input: TaskInput, errors: FormErrors, request: Request) async throws -> Response {
        let people = try await CaseworkStore.people(of: access.record.$organisation.id, workersOnly: false, on: request.db)
        return request.render(CaseworkPages.newTask(.init(
            reference: access.record.reference, people: people, taskKey: input.taskKey ?? UUID().uuidString, title: input.title,
            owner: input.owner, due: input.due, errors: errors, csrf: request.csrfToken), l: CaseworkPages.localiser(request)))
    }

    @Sendable func taskForm(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request, for: .editCase)
        return try await taskPage(access, input: .init(owner: try request.requireSignedIn().userID.uuidString,
                                                       due: request.today.adding(days: 7).iso), errors: FormErrors(), request: request)
    }

    @Sendable func addTask(_ request: Request) async throws -> Response {
        let access = try await Self.owned(request, for: .editCase)
        let l = CaseworkPages.localiser(request)
        var input = try request.content.decode(TaskInput.self)
        let key = input.taskKey.flatMap { UUID(exactly: $0.trimmingCharacters(in: .whitespaces)) } ?? UUID()
        input.taskKey = key.uuidString
        let eligible = Set(try await CaseworkStore.people(of: access.record.$organisation.id, workersOnly: false, on: request.db).map(\.id))
        let (draft, problems) = CaseworkRules.checkTask(title: input.title, owner: input.owner, due: input.due, eligible: eligible,
                                                        today: request.today, l: l)
        guard let draft else { return try await taskPage(access, input: input, errors: CaseworkPages.errors(problems), request: request) }
        // The same form sent again gives the owner the task once.
        try await CaseworkStore(request: request).addTask(draft, key: key, to: access)
        return request.redirect(to: Href.case(access.record.reference).query("casework", CaseworkPages.Done.taskAdded.rawValue)
            .fragment("casework"))
    }

    // MARK: My cases

    @Sendable func mine(_ request: Request) async throws -> Response {
        let context = try request.authorise(.viewCase, on: .sameOrganisation)
        let me = context.userID
        let cases = try await CaseRecord.query(on: request.db)
            .filter(\.$organisation.$id == context.organisationID)
            .filter(\.$erasedAt == nil)
            .group(.or) { mine in
                mine.filter(\.$workerID == me).filter(\.$secondWorkerID == me)
                mine.group(.and) { $0.filter(\.$workerID == nil).filter(\.$createdBy == me) }
            }
            .sort(\.$identifiedOn, .descending).limit(1000).all()
        try await request.audit(AuditEvent(action: "cases.mine_listed", recordType: "organisation", recordID: context.organisationID.uuidString))
        let rows = cases.map { record in
            CaseworkPages.MineRow(reference: record.reference, stage: Stage(rawValue: record.stage) ?? .identified,
                                  identifiedOn: Day(daysSinceEpoch: record.identifiedOn), second: record.secondWorkerID == me && record.workerID != me)
        }
        return request.render(CaseworkPages.mine(rows, l: CaseworkPages.localiser(request)))
    }
}
