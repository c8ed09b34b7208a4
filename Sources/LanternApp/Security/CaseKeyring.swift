import Fluent
import Foundation
import LanternCore

/// Each case's data key (envelope encryption): the keyring makes a key when a case is
/// recorded, opens it when the case is read, and destroys it when the case is erased. The
/// field key seals the case keys; the case keys seal the case's identifying fields. Keys are
/// never cached: once a key's row is gone, no node can read the case.
struct CaseKeyring: Sendable {
    let fieldCipher: FieldCipher

    /// A new key for a case not yet stored: the row to create with the case (in the same
    /// transaction, after the case row) and the cipher to seal the case's fields with now.
    func newKey(for caseID: UUID, at date: Date) throws -> (row: CaseKey, cipher: FieldCipher) {
        let bytes = FieldCipher.generateKeyBytes()
        let sealed = try fieldCipher.seal(Data(bytes).base64EncodedString(), context: CaseKey.sealContext(for: caseID))
        return (CaseKey(caseID: caseID, sealedKey: sealed, createdAt: date), try FieldCipher(keyBytes: bytes))
    }

    /// The case's cipher, or nil when its key no longer exists (the case was erased, or this
    /// database was restored from a backup taken before an erasure).
    func cipher(for caseID: UUID, on database: any Database) async throws -> FieldCipher? {
        guard let row = try await CaseKey.find(caseID, on: database) else { return nil }
        return try open(row)
    }

    /// The ciphers of several cases at once (lists of shares), by case id; erased ones are absent.
    func ciphers(for caseIDs: Set<UUID>, on database: any Database) async throws -> [UUID: FieldCipher] {
        guard !caseIDs.isEmpty else { return [:] }
        let rows = try await CaseKey.query(on: database).filter(\.$id ~~ caseIDs).all()
        var ciphers: [UUID: FieldCipher] = [:]
        for row in rows { if let id = row.id { ciphers[id] = try open(row) } }
        return ciphers
    }

    func open(_ row: CaseKey) throws -> FieldCipher {
        let text = try fieldCipher.open(row.sealedKey, context: CaseKey.sealContext(for: try row.requireID()))
        guard let bytes = Data(base64Encoded: text) else { throw FieldCipher.Failure.notSealed }
        return try FieldCipher(keyBytes: Array(bytes))
    }

    /// Destroys the case's key. Call inside the transaction that blanks the case's sealed
    /// columns and records the erasure.
    func destroy(for caseID: UUID, on database: any Database) async throws {
        try await CaseKey.query(on: database).filter(\.$id == caseID).delete()
    }
}

extension LanternServices {
    var caseKeys: CaseKeyring { CaseKeyring(fieldCipher: cipher) }
}
