import Fluent
import Vapor
import LanternCore

/// For administrators: the emails Lantern gave up sending (their kind, to whom, how often it
/// tried and why it failed, never their text), and "Retry now". An organisation's
/// administrators see their organisation's; the platform administrator sees all.
struct FailedMessagesController {
    func register(_ routes: LanternRoutes) {
        routes.get(NotificationPaths.failed, access: .action(.manageNotifications), use: list)
        routes.post(NotificationPaths.retry, access: .action(.manageNotifications), use: retry)
    }

    struct RetryForm: Content { var message: String? }

    /// Messages of the viewer's organisation, or every one when the policy reaches all.
    private func visible(_ context: SignInContext, _ request: Request) -> QueryBuilder<OutboxMessage> {
        let query = OutboxMessage.query(on: request.db)
        if request.accessPolicy.permits(context.roles, .manageNotifications, on: .otherOrganisation) { return query }
        return query.filter(\.$organisationID == context.organisationID)
    }

    @Sendable func list(_ request: Request) async throws -> Response {
        let context = try request.authoriseForOwnOrganisation(.manageNotifications)
        let failed = try await visible(context, request).filter(\.$status == OutboxMessage.Status.failed.rawValue)
            .sort(\.$createdAt, .descending).limit(200).all()
        let waiting = try await visible(context, request).filter(\.$status == OutboxMessage.Status.pending.rawValue).count()
        try await request.audit(AuditEvent(action: "notifications.failed_listed", recordType: "organisation",
                                           recordID: context.organisationID.uuidString))
        let outcome = request.query[String.self, at: "retried"].flatMap(NotificationPages.RetryOutcome.init(rawValue:))
        let model = NotificationPages.Failed(messages: failed, waiting: waiting, mailConfigured: Outbox.isConfigured(request.application.lantern),
                                             outcome: outcome)
        return request.render(NotificationPages.failed(model, csrf: request.csrfToken, l: NotificationPages.localiser(request)))
    }

    @Sendable func retry(_ request: Request) async throws -> Response {
        let context = try request.authoriseForOwnOrganisation(.manageNotifications)
        let form = try request.content.decode(RetryForm.self)
        guard let id = form.message.flatMap(UUID.init(exactly:)) else {
            throw LanternError.invalid([(field: "message", message: NotificationPages.localiser(request)("notifications.choose-message"))])
        }
        guard let message = try await visible(context, request).filter(\.$id == id).first() else { throw LanternError.notFound }
        let services = request.application.lantern
        // Back in the queue, due now, in one conditional statement: two administrators
        // pressing at once queue it once.
        try await OutboxMessage.query(on: request.db).filter(\.$id == id)
            .filter(\.$status == OutboxMessage.Status.failed.rawValue)
            .set(\.$status, to: OutboxMessage.Status.pending.rawValue).set(\.$nextAttemptAt, to: services.now)
            .set(\.$claimedBy, to: nil).set(\.$claimedUntil, to: nil)
            .update()
        try await request.audit(AuditEvent(action: "notification.retried", recordType: "outbox_message", recordID: id.uuidString,
                                           organisationID: message.organisationID))
        var outcome = NotificationPages.RetryOutcome.queued
        if let transport = request.application.mailTransport {
            let delivery = OutboxDelivery(database: request.db, transport: transport, services: services)
            let claimer = "retry-" + UUID().uuidString
            if try await delivery.claimNext(node: claimer, only: id) != nil {
                var summary = OutboxDelivery.Summary()
                try await delivery.deliver(id, node: claimer, into: &summary)
                outcome = summary.sent == 1 ? .sent : .failedAgain
            }
        }
        return request.redirect(to: Href.failedMessages.query("retried", outcome.rawValue))
    }
}
