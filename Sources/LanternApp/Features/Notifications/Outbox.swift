import Fluent
import Foundation
import LanternCore

/// Puts messages in the outbox. Call it with the transaction of the change the message is
/// about: the message exists exactly when the change does.
enum Outbox {
    /// Whether Lantern emails at all (`LANTERN_MAIL_COMMAND` set). When it does not, callers
    /// show or print links as they always have, and nothing is queued.
    static func isConfigured(_ services: LanternServices) -> Bool { services.settings.mailCommand != nil }

    /// Queues one message of `kind` with a link to a page of Lantern. Returns false (and
    /// queues nothing) when mail is not configured.
    @discardableResult
    static func enqueue(_ kind: NotificationKind, to recipient: String, link: Href, organisationID: UUID?,
                        services: LanternServices, on db: any Database) async throws -> Bool {
        guard isConfigured(services) else { return false }
        let settings = services.settings
        let address = try NotificationLink(base: settings.publicURL, path: link.description)
        let notification = ComposedNotification.compose(kind, link: address, validDays: Int(settings.invitationLifetime / 86_400))
        let now = services.now
        let message = OutboxMessage()
        let id = UUID()
        message.id = id
        message.kind = kind.rawValue
        message.recipient = recipient
        message.organisationID = organisationID
        message.subject = notification.subject
        message.sealedBody = try services.cipher.seal(notification.body, context: OutboxMessage.bodyContext(id))
        message.status = OutboxMessage.Status.pending.rawValue
        message.attempts = 0
        message.nextAttemptAt = now
        message.createdAt = now
        try await message.create(on: db)
        return true
    }
}

extension Outbox {
    /// Tells a person their authenticator was reset (and where to sign in to set up a new one).
    static func secondFactorWasReset(for user: User, services: LanternServices, on db: any Database) async throws {
        try await enqueue(.secondFactorReset, to: user.email, link: .signIn, organisationID: user.$organisation.id,
                          services: services, on: db)
    }
}
