import Fluent
import Vapor
import LanternCore

/// Creates invitations: a single-use link, valid for a week, for one email and set of roles.
enum InvitationService {
    struct Created { let invitation: Invitation; let link: String }

    static func invite(email: String, name: String, roles: Set<Role>, organisationID: UUID, invitedBy: UUID?,
                       services: LanternServices, on db: any Database) async throws -> Created {
        if try await User.query(on: db).filter(\.$email == email).first() != nil {
            throw LanternError.invalid([("email", "Someone with this email address already has an account")])
        }
        let now = services.now
        // A new invitation to the same address replaces any that is still open.
        try await Invitation.query(on: db).filter(\.$email == email).filter(\.$acceptedAt == nil)
            .filter(\.$revokedAt == nil).set(\.$revokedAt, to: now).update()
        let token = SecretToken.generate()
        let invitation = Invitation(organisationID: organisationID, email: email, displayName: name, roles: User.encode(roles),
                                    tokenHash: SecretToken.storedHash(of: token), invitedBy: invitedBy, now: now,
                                    expiresAt: now.addingTimeInterval(services.settings.invitationLifetime))
        try await invitation.create(on: db)
        return Created(invitation: invitation, link: services.settings.publicURL + "/invitations/" + token)
    }

    static func linkPanel(_ created: Created, name: String) -> HTML {
        """
        <div class="panel panel--confirmation"><h1 class="panel__title">Invitation created</h1></div>
        <p class="body">Send this link to \(name) by a secure route (for example your organisation's email). It works once and expires in 7 days.
        They will choose a password and set up an authenticator app.</p>
        <p class="body invitation-link"><code id="invitation-link">\(created.link)</code></p>
        """
    }
}
