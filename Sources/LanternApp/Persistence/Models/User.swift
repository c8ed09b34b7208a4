import Fluent
import Foundation
import LanternCore

/// A person who signs in to Lantern. Belongs to exactly one organisation.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    /// Work email, lower-cased; the sign-in name.
    @Field(key: "email") var email: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    /// Role raw values separated by commas, e.g. `case_worker,analyst`.
    @Field(key: "roles") var roles: String
    /// The TOTP seed, sealed with the field key (never stored in plain text).
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// The last TOTP time step accepted, so a code is never accepted twice.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @Field(key: "failed_attempts") var failedAttempts: Int
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "disabled_at") var disabledAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "password_changed_at") var passwordChangedAt: Date

    init() {}

    init(id: UUID = UUID(), organisationID: UUID, email: String, displayName: String, passwordHash: String,
         roles: Set<Role>, createdAt: Date) {
        self.id = id
        self.$organisation.id = organisationID
        self.email = User.normalise(email: email)
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.roles = User.encode(roles)
        self.failedAttempts = 0
        self.createdAt = createdAt
        self.passwordChangedAt = createdAt
    }

    var roleSet: Set<Role> {
        Set(roles.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }

    var isDisabled: Bool { disabledAt != nil }
    var hasSecondFactor: Bool { totpSecret != nil }

    static func encode(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
    static func normalise(email: String) -> String { email.trimmingCharacters(in: .whitespaces).lowercased() }

    /// The context the TOTP seed is sealed under: ties the ciphertext to this user's row.
    var totpSealContext: String { "user.totp:\(id?.uuidString ?? "")" }
}
