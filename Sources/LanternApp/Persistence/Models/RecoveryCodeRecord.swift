import Fluent
import Foundation

/// A one-time recovery code, stored as a keyed hash (`RecoveryCode.storedHash`).
final class RecoveryCodeRecord: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(userID: UUID, codeHash: String) {
        self.id = UUID()
        self.$user.id = userID
        self.codeHash = codeHash
    }
}
