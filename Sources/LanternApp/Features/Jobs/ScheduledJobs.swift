import Fluent
import Vapor
import LanternCore

/// Jobs that run on a timer on every node, but once per window across all nodes.
enum ScheduledJobs {
    /// Flags overdue stages: counts each organisation's cases past their stage deadline and
    /// records the run in the audit log, so leads can see the sweep happened.
    static let stageDeadlines = "stage_deadlines"

    /// Runs the job for the window containing now, unless another node already has.
    /// Returns true if this node ran it.
    @discardableResult
    static func runIfDue(_ job: String, interval: TimeInterval, node: String, app: Application) async throws -> Bool {
        let now = app.lantern.now
        let window = Int64((now.timeIntervalSince1970 / interval).rounded(.down))
        let run = JobRun(job: job, windowStart: window, node: node, startedAt: now)
        do {
            try await run.create(on: app.db)
        } catch {
            // The unique (job, window) constraint: another node claimed this window first.
            return false
        }
        let today = app.lantern.today.daysSinceEpoch
        let overdue = try await CaseRecord.query(on: app.db)
            .filter(\.$dueOn < today).filter(\.$stage != Stage.closed.rawValue).count()
        run.finishedAt = app.lantern.now
        run.result = "overdue=\(overdue)"
        try await run.save(on: app.db)
        try await AuditLog.appendAlone(AuditEvent(action: "job.\(job)", recordType: "job_run", recordID: run.id?.uuidString),
                                       actor: nil, organisation: nil, requestID: "job", sourceAddress: nil, at: now, on: app.db)
        app.logger.info("scheduled job ran", metadata: ["job": .string(job), "window": .stringConvertible(window), "node": .string(node)])
        return true
    }
}

/// Starts the job timer when the server boots and stops it at shutdown.
struct JobScheduler: LifecycleHandler {
    let interval: TimeInterval
    let node: String
    let task = TaskBox()

    final class TaskBox: @unchecked Sendable {
        // Written once at boot and read at shutdown, both on the lifecycle's thread.
        var task: Task<Void, Never>?
    }

    func didBootAsync(_ app: Application) async throws {
        let interval = interval, node = node
        task.task = Task {
            while !Task.isCancelled {
                do { try await ScheduledJobs.runIfDue(ScheduledJobs.stageDeadlines, interval: interval, node: node, app: app) } catch {
                    app.logger.warning("scheduled job failed", metadata: ["error_type": .string(String(describing: type(of: error)))])
                }
                try? await Task.sleep(for: .seconds(min(interval, 60) / 2))
            }
        }
    }

    /// Waits for a run in progress to finish: the databases close after this handler, and a
    /// job still holding `app.db` then would trap.
    func shutdownAsync(_ app: Application) async {
        guard let running = task.task else { return }
        running.cancel()
        await running.value
    }
}
