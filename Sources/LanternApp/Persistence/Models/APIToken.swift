import Fluent
import Foundation

/// A personal access token for the JSON API. Shown once at creation; stored hashed.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, name: String, tokenHash: String, now: Date, expiresAt: Date) {
        self.id = UUID()
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.createdAt = now
        self.expiresAt = expiresAt
    }

    func isUsable(at now: Date) -> Bool { revokedAt == nil && expiresAt > now }
}
