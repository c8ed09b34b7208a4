import Fluent
import Vapor
import LanternCore

/// Creates invitations: a single-use link, valid for a week, for one email and set of roles.
enum InvitationService {
    /// `emailed`: the link went to the outbox (mail is configured) and is not shown.
    struct Created { let invitation: Invitation; let link: String; var emailed = false }

    static func invite(email: String, name: String, roles: Set<Role>, organisationID: UUID, invitedBy: UUID?,
                       services: LanternServices, on db: any Database, l: Localiser = .englishGB) async throws -> Created {
        // Only an account in the inviting organisation is named: whether another organisation
        // has one is not this organisation's business. Such an invitation is made as any other,
        // and the person is told to sign in instead when they open it.
        if try await User.query(on: db).filter(\.$email == email).filter(\.$organisation.$id == organisationID).first() != nil {
            throw LanternError.invalid([(field: "email", message: l("organisations.email-taken"))])
        }
        let now = services.now
        // A new invitation replaces this organisation's open ones to the same address, never
        // another organisation's.
        try await Invitation.query(on: db).filter(\.$email == email).filter(\.$organisation.$id == organisationID)
            .filter(\.$acceptedAt == nil).filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
        let token = SecretToken.generate()
        let invitation = Invitation(organisationID: organisationID, email: email, displayName: name, roles: User.encode(roles),
                                    tokenHash: SecretToken.storedHash(of: token), invitedBy: invitedBy, now: now,
                                    expiresAt: now.addingTimeInterval(services.settings.invitationLifetime))
        try await invitation.create(on: db)
        // In the same transaction: no invitation, no email; no email without the invitation.
        let emailed = try await Outbox.enqueue(.invitation, to: email, link: Href.invitation(token), organisationID: organisationID,
                                               services: services, on: db)
        return Created(invitation: invitation, link: Href.invitation(token).absolute(from: services.settings.publicURL), emailed: emailed)
    }
}
