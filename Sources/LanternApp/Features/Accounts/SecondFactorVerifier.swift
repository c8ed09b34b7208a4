import Fluent
import Foundation
import LanternCore

/// Checks a TOTP code (each accepted once) or a one-time recovery code.
struct SecondFactorVerifier {
    let cipher: FieldCipher

    enum Method { case totp, recoveryCode }

    /// On success, records what was used (the TOTP step, or the recovery code as spent) on
    /// the user or code record; the caller saves the user.
    func verify(code: String, for user: User, at now: Date, on db: any Database) async throws -> Method? {
        guard let sealed = user.totpSecret else { return nil }
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        if trimmed.count <= 8, trimmed.allSatisfy({ $0.isNumber || $0 == " " }) {
            let secret = try cipher.open(sealed, context: user.totpSealContext)
            guard let bytes = Base32.decode(secret) else { return nil }
            let totp = TOTP(secret: bytes)
            guard let step = totp.matchingStep(for: trimmed, at: now, lastUsedStep: user.totpLastStep) else { return nil }
            user.totpLastStep = step
            return .totp
        }
        let hash = SecretToken.storedHash(of: RecoveryCode.normalised(code))
        guard let record = try await RecoveryCodeRecord.query(on: db)
            .filter(\.$user.$id == user.requireID())
            .filter(\.$codeHash == hash)
            .filter(\.$usedAt == nil)
            .first() else { return nil }
        record.usedAt = now
        try await record.save(on: db)
        return .recoveryCode
    }
}
