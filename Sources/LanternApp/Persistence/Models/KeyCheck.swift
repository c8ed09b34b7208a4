import Fluent

/// A known value sealed with the field key when the database was created. If it does not
/// open at start-up, the key is wrong and Lantern refuses to start.
final class KeyCheck: Model, @unchecked Sendable {
    static let schema = "key_check"
    static let plaintext = "lantern key check"
    static let context = "lantern.key-check"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "sealed") var sealed: String

    init() {}
    init(sealed: String) { id = 1; self.sealed = sealed }
}
