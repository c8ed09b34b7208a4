import Fluent
import Vapor
import LanternCore

/// The signed-in person's open tasks, and marking one done. Only the owner sees or completes a
/// task: every query names them, so someone else's task is simply not found.
struct TasksController {
    func register(_ routes: LanternRoutes) {
        routes.get(TaskPaths.list, access: .signedIn, use: list)
        routes.post(TaskPaths.done, access: .signedIn, use: markDone)
    }

    struct DoneForm: Content { var task: String? }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        let today = request.application.lantern.today
        let tasks = try await TaskService.open(for: context.userID, today: today, on: request.db)
        let notice = request.query[String.self, at: "done"] == "1"
        return request.render(TaskPages.list(.init(tasks: tasks, today: today, justDone: notice), csrf: request.csrfToken,
                                             l: TaskPages.localiser(request)))
    }

    @Sendable func markDone(_ request: Request) async throws -> Response {
        let context = try request.requireSignedIn()
        let form = try request.content.decode(DoneForm.self)
        guard let id = form.task.flatMap(UUID.init(exactly:)) else {
            throw LanternError.invalid([(field: "task", message: TaskPages.localiser(request)("tasks.choose-task"))])
        }
        let now = request.application.lantern.now
        let done = try await request.db.transaction { tx in
            guard try await TaskService.markDone(id, ownerID: context.userID, at: now, on: tx) else { return false }
            try await request.audit(AuditEvent(action: "task.done", recordType: "task", recordID: id.uuidString), on: tx)
            return true
        }
        guard done else { throw LanternError.notFound }
        return request.redirect(to: Href.tasks.query("done", "1"))
    }
}
