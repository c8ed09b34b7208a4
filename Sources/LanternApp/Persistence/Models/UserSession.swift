import Fluent
import Foundation

/// A signed-in browser, held in the database so any app node can serve it. The cookie
/// carries a random token; only its hash is stored.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    enum Stage: String, Sendable {
        /// Password accepted; a TOTP or recovery code is still needed.
        case awaitingSecondFactor = "awaiting_second_factor"
        /// Password accepted for an account with no authenticator yet: may only enrol one.
        case enrollingSecondFactor = "enrolling_second_factor"
        case signedIn = "signed_in"
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "stage") var stage: String
    /// Per-session secret for CSRF tokens.
    @Field(key: "csrf_token") var csrfToken: String
    /// A TOTP seed being enrolled, sealed; moved to the user once confirmed.
    @OptionalField(key: "pending_totp_secret") var pendingTOTPSecret: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(tokenHash: String, userID: UUID, stage: Stage, csrfToken: String, now: Date, expiresAt: Date) {
        self.id = UUID()
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.stage = stage.rawValue
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
    }

    var sessionStage: Stage? { Stage(rawValue: stage) }
}
