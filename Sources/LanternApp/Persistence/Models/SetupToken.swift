import Fluent
import Foundation

/// The one-time link that lets the first person create the first organisation and its
/// administrator. Printed on the console when the database has no accounts.
final class SetupToken: Model, @unchecked Sendable {
    static let schema = "setup_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(tokenHash: String, now: Date, expiresAt: Date) {
        self.id = UUID()
        self.tokenHash = tokenHash
        self.createdAt = now
        self.expiresAt = expiresAt
    }
}
