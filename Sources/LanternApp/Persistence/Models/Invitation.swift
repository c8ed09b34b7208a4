import Fluent
import Foundation

/// An invitation to join an organisation with given roles. The link carries a random
/// token; only its hash is stored. Single use, and it expires.
final class Invitation: Model, @unchecked Sendable {
    static let schema = "invitations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "roles") var roles: String
    @Field(key: "token_hash") var tokenHash: String
    @OptionalParent(key: "invited_by") var invitedBy: User?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "accepted_at") var acceptedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(organisationID: UUID, email: String, displayName: String, roles: String, tokenHash: String,
         invitedBy: UUID?, now: Date, expiresAt: Date) {
        self.id = UUID()
        self.$organisation.id = organisationID
        self.email = email
        self.displayName = displayName
        self.roles = roles
        self.tokenHash = tokenHash
        self.$invitedBy.id = invitedBy
        self.createdAt = now
        self.expiresAt = expiresAt
    }

    func isUsable(at now: Date) -> Bool { acceptedAt == nil && revokedAt == nil && expiresAt > now }
}
