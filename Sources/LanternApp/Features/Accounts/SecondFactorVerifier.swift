import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// Checks a TOTP code or a one-time recovery code, and spends it: each is accepted once,
/// even when the same code arrives from several sessions at the same moment, because
/// spending is a conditional update and only the request whose update changed a row wins.
struct SecondFactorVerifier {
    let cipher: FieldCipher

    enum Method { case totp, recoveryCode }

    func verify(code: String, for user: User, at now: Date, on db: any Database) async throws -> Method? {
        guard let sealed = user.totpSecret, let sql = db as? any SQLDatabase else { return nil }
        let userID = try user.requireID()
        let trimmed = code.trimmingCharacters(in: .whitespaces)
        if trimmed.count <= 8, trimmed.allSatisfy({ $0.isNumber || $0 == " " }) {
            let secret = try cipher.open(sealed, context: user.totpSealContext)
            guard let bytes = Base32.decode(secret) else { return nil }
            guard let step = TOTP(secret: bytes).matchingStep(for: trimmed, at: now, lastUsedStep: user.totpLastStep) else {
                return nil
            }
            let spent = try await sql.raw("""
                UPDATE users SET totp_last_step = \(bind: step)
                WHERE id = \(bind: userID) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step))
                RETURNING id
                """).first()
            guard spent != nil else { return nil }
            user.totpLastStep = step
            return .totp
        }
        let hash = RecoveryCode.storedHash(of: code, cipher: cipher)
        let spent = try await sql.raw("""
            UPDATE recovery_codes SET used_at = \(bind: now)
            WHERE user_id = \(bind: userID) AND code_hash = \(bind: hash) AND used_at IS NULL
            RETURNING id
            """).first()
        return spent == nil ? nil : .recoveryCode
    }
}
