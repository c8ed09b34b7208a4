import Fluent
import LanternCore

/// Seals the free text of consent records and shares that earlier versions stored in the
/// clear: what the information will be used for, the purpose of a share, and the
/// interpreter's language. Values already sealed are left as they are.
struct SealSharingFreeText: AsyncMigration {
    let cipher: FieldCipher
    var name: String { "010_SealSharingFreeText" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            for consent in try await ConsentRecord.query(on: tx).all() {
                if !consent.sealedPurpose.hasPrefix("v1.") {
                    consent.sealedPurpose = try cipher.seal(consent.sealedPurpose, context: consent.purposeSealContext)
                }
                if let language = consent.sealedInterpreterLanguage, !language.hasPrefix("v1.") {
                    consent.sealedInterpreterLanguage = try cipher.seal(language, context: consent.interpreterSealContext)
                }
                try await consent.save(on: tx)
            }
            // Only the columns that exist at this point: later migrations add others (015: team_id).
            for share in try await CaseShare.query(on: tx).field(\.$id).field(\.$sealedPurpose).all() where !share.sealedPurpose.hasPrefix("v1.") {
                share.sealedPurpose = try cipher.seal(share.sealedPurpose, context: share.purposeSealContext)
                try await share.save(on: tx)
            }
        }
    }

    func revert(on database: any Database) async throws {}
}
