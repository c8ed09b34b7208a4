import Crypto
import Foundation

/// Unguessable tokens (sessions, invitations, API tokens, setup links) and their stored
/// form. Only the SHA-256 of a token is ever stored, so a copy of the database cannot be
/// replayed as a credential; 256-bit tokens make a slow hash unnecessary.
public enum SecretToken {
    public static func generate(prefix: String = "", byteCount: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let base64url = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return prefix + base64url
    }

    public static func storedHash(of token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// One-time recovery codes for when the authenticator is lost: `xxxxx-xxxxx`, drawn from an
/// alphabet without look-alike characters, 50 bits each.
public enum RecoveryCode {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    public static func generate(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let chars = (0..<10).map { _ in alphabet.randomElement(using: &generator)! }
            return String(chars[0..<5]) + "-" + String(chars[5..<10])
        }
    }

    /// The stored form: a keyed hash (HMAC under a key derived from the field key), so a copy
    /// of the database alone cannot be searched for the codes, which carry only 50 bits.
    public static func storedHash(of code: String, cipher: FieldCipher) -> String {
        cipher.blindIndex(normalised(code), purpose: "recovery-code")
    }

    /// Lower-cases and removes spaces and dashes, so `ABCDE FGHJK` matches `abcde-fghjk`.
    public static func normalised(_ code: String) -> String {
        code.lowercased().filter { $0 != "-" && !$0.isWhitespace }
    }
}
