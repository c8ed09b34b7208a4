import Fluent
import Foundation

/// One case's own data key (32 random bytes), sealed with the field key. Every identifying
/// field of the case is sealed with this key, not the field key, so deleting this row erases
/// the case: what is left of it in the database, in old backups or in a copy nobody knows
/// about can no longer be opened by anyone. See `CaseKeyring`.
final class CaseKey: Model, @unchecked Sendable {
    static let schema = "case_keys"

    @ID(custom: "case_id", generatedBy: .user) var id: UUID?
    /// The key, sealed with the field key under `sealContext(for:)`.
    @Field(key: "sealed_key") var sealedKey: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(caseID: UUID, sealedKey: String, createdAt: Date) {
        id = caseID
        self.sealedKey = sealedKey
        self.createdAt = createdAt
    }

    /// Binds a sealed key to its case, so a key copied onto another case does not open.
    static func sealContext(for caseID: UUID) -> String { "case.key:\(caseID.uuidString)" }
}
