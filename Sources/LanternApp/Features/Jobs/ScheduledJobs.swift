import Fluent
import Vapor
import LanternCore

/// Jobs that run on a timer on every node, but once per window across all nodes.
enum ScheduledJobs {
    /// Flags overdue stages: counts each organisation's cases past their stage deadline and
    /// records the run in the audit log, so leads can see the sweep happened.
    static let stageDeadlines = "stage_deadlines"
    /// Deletes sessions past their idle or absolute limit and sign-in throttle windows that
    /// have ended: a stolen copy of the database should hold as few live tokens as possible.
    static let housekeeping = "housekeeping"
    /// Erases the identifying details of cases whose retention period has ended (unless a
    /// legal hold keeps them), recording each erasure in the audit log. Daily.
    static let retention = "retention"
    /// Gives case workers a task a week before a stage deadline of their cases. Daily.
    static let deadlineTasks = "deadline_tasks"
    /// Sends the outbox's emails through LANTERN_MAIL_COMMAND, with retries (see `OutboxDelivery`).
    static let notifications = "notifications"

    /// Gives the administrators of each organisation a task for its contacts directory
    /// entries not verified for LANTERN_CONTACT_STALE_DAYS. Daily.
    static let contactVerification = "contact_verification"
    /// Gives each group's secretariat a task when its terms of reference fall due for review. Daily.
    static let termsReviews = "terms_reviews"
    /// Gives a partnership action's owner a task when it falls due soon and when it is overdue. Daily.
    static let partnershipActionTasks = "partnership_action_tasks"
    /// Raises the alerts nobody may miss on open cases and gives their tasks (`CaseAlertJob`). Daily.
    static let caseAlerts = "case_alerts"
    /// Chases shares awaiting an answer past their day and escalates them to the sharer's leads (`ShareChase`). Daily.
    static let shareAnswers = "share_answers"
    /// Gives a case's worker a task to chase the Home Office when the Reasonable Grounds decision
    /// has not arrived within LANTERN_RG_EXPECTED_DAYS, again each further window (`RGChaseJob`). Daily.
    static let rgChases = "rg_chases"

    /// Chases overdue case conference actions: a task for each owner once per due date (`ConferenceChaseJob`). Daily.
    static let conferenceActions = "conference_actions"

    /// Reminds trainers of Train-the-Trainer commitments falling due that they have not yet met
    /// (`TrainingCommitmentJob`). Daily.
    static let trainingCommitments = "training_commitments"

    /// Closes member surveys past their closing day and finishes the tasks to answer them
    /// (`SurveyClosingJob`). Daily.
    static let surveyClosings = "survey_closings"

    /// Escalates safeguarding concerns not acknowledged by their deadline to the receiving
    /// organisation's leads (a task and an email). Hourly.
    static let concernEscalations = "concern_escalations"

    /// Every job, in the order a timer tick runs them.
    static let all = [stageDeadlines, housekeeping, retention, deadlineTasks, contactVerification, termsReviews, partnershipActionTasks, caseAlerts, rgChases, shareAnswers, conferenceActions,
                      trainingCommitments, surveyClosings, concernEscalations, notifications]

    /// The window a job runs once in: the timer's, or a day for the daily retention sweep
    /// (windows start at midnight UTC, so the first tick of each day runs it).
    static func interval(of job: String, timer: TimeInterval) -> TimeInterval {
        job == retention || job == deadlineTasks || job == contactVerification || job == termsReviews
            || job == partnershipActionTasks || job == caseAlerts || job == rgChases
            || job == shareAnswers || job == conferenceActions || job == trainingCommitments || job == surveyClosings ? max(timer, 86_400)
            : job == concernEscalations ? max(timer, 3_600) : timer
    }

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
        run.result = try await perform(job, now: now, app: app)
        run.finishedAt = app.lantern.now
        try await run.save(on: app.db)
        try await AuditLog.appendAlone(AuditEvent(action: "job.\(job)", recordType: "job_run", recordID: run.id?.uuidString),
                                       actor: nil, organisation: nil, requestID: "job", sourceAddress: nil, at: now,
                                       key: app.lantern.auditChainKey, on: app.db)
        app.logger.info("scheduled job ran", metadata: ["job": .string(job), "window": .stringConvertible(window), "node": .string(node)])
        return true
    }
}

extension ScheduledJobs {
    /// Does one job's work; returns a short, non-personal summary for the run record.
    static func perform(_ job: String, now: Date, app: Application) async throws -> String {
        switch job {
        case stageDeadlines:
            let today = app.lantern.today.daysSinceEpoch
            let overdue = try await CaseRecord.query(on: app.db)
                .filter(\.$dueOn < today).filter(\.$stage != Stage.closed.rawValue).count()
            return "overdue=\(overdue)"
        case housekeeping:
            let settings = app.lantern.settings
            let expired = try await UserSession.query(on: app.db).group(.or) {
                $0.filter(\.$expiresAt <= now).filter(\.$lastSeenAt <= now.addingTimeInterval(-settings.idleTimeout))
            }.count()
            try await UserSession.query(on: app.db).group(.or) {
                $0.filter(\.$expiresAt <= now).filter(\.$lastSeenAt <= now.addingTimeInterval(-settings.idleTimeout))
            }.delete()
            try await AttemptThrottle(database: app.db).purge(endedBefore: now)
            return "sessions_removed=\(expired)"
        case retention:
            return try await RetentionSweep.run(services: app.lantern, today: app.lantern.today, requestID: "job", on: app.db).summary
        case deadlineTasks:
            return "tasks_created=\(try await DeadlineTasks.run(services: app.lantern, today: app.lantern.today, on: app.db))"
        case contactVerification:
            return "tasks_created=\(try await ContactVerificationSweep.run(services: app.lantern, on: app.db))"
        case termsReviews:
            return "tasks_created=\(try await TermsReviewTasks.run(services: app.lantern, today: app.lantern.today, on: app.db))"
        case partnershipActionTasks:
            return "tasks_created=\(try await PartnershipActionTasks.run(services: app.lantern, today: app.lantern.today, on: app.db))"
        case caseAlerts:
            return try await CaseAlertJob.run(services: app.lantern, today: app.lantern.today, on: app.db).text
        case rgChases:
            return try await RGChaseJob.run(services: app.lantern, today: app.lantern.today, on: app.db).text
        case shareAnswers:
            return try await ShareChase.run(services: app.lantern, today: app.lantern.today, on: app.db).text
        case conferenceActions:
            return try await ConferenceChaseJob.run(services: app.lantern, today: app.lantern.today, on: app.db).text
        case trainingCommitments:
            return try await TrainingCommitmentJob.run(services: app.lantern, today: app.lantern.today, on: app.db)
        case surveyClosings:
            return try await SurveyClosingJob.run(services: app.lantern, today: app.lantern.today, on: app.db)
        case concernEscalations:
            return "escalated=\(try await ConcernEscalations.run(services: app.lantern, on: app.db))"
        case notifications:
            guard let transport = app.mailTransport else { return "mail not configured" }
            let services = app.lantern
            var delivery = OutboxDelivery(database: app.db, transport: transport, services: services)
            delivery.whenGivenUp = { id, organisationID, db in
                try await TaskService.reviewFailedMessage(id, organisationID: organisationID, services: services, on: db)
            }
            let summary = try await delivery.run(node: "job-" + UUID().uuidString)
            return "sent=\(summary.sent) retrying=\(summary.retrying) failed=\(summary.failed)"
        default:
            return "unknown job"
        }
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
                for job in ScheduledJobs.all {
                    do {
                        try await ScheduledJobs.runIfDue(job, interval: ScheduledJobs.interval(of: job, timer: interval), node: node, app: app)
                    } catch {
                        app.logger.warning("scheduled job failed", metadata: ["job": .string(job),
                                                                              "error_type": .string(String(describing: type(of: error)))])
                    }
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
