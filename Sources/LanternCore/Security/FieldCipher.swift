import Crypto
import Foundation

/// Encrypts identifying fields at rest with AES-256-GCM. Each value gets a fresh random
/// 96-bit nonce (never reused: at Lantern's volumes the random-nonce bound of 2^32 messages
/// per key is far away), and is bound to a context string such as `case.name:<id>` as
/// associated data, so a ciphertext copied into another row or column fails to open.
public struct FieldCipher: Sendable {
    public static let keyByteCount = 32
    private static let prefix = "v1."
    // Kept as bytes: SymmetricKey is not Sendable in this swift-crypto version.
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case wrongKeyLength(Int)
        case notSealed
        case cannotOpen

        public var description: String {
            switch self {
            case .wrongKeyLength(let n): "an encryption key must be \(FieldCipher.keyByteCount) bytes, not \(n)"
            case .notSealed: "the value is not an encrypted field"
            case .cannotOpen: "the value cannot be decrypted with this key"
            }
        }
    }

    public init(keyBytes: [UInt8]) throws {
        guard keyBytes.count == Self.keyByteCount else { throw Failure.wrongKeyLength(keyBytes.count) }
        self.keyBytes = keyBytes
    }

    public static func generateKeyBytes() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    public func seal(_ plaintext: String, context: String) throws -> String {
        let box = try AES.GCM.seal(Array(plaintext.utf8), using: key, authenticating: Array(context.utf8))
        guard let combined = box.combined else { throw Failure.cannotOpen }
        return Self.prefix + combined.base64EncodedString()
    }

    public func open(_ sealed: String, context: String) throws -> String {
        guard sealed.hasPrefix(Self.prefix),
              let data = Data(base64Encoded: String(sealed.dropFirst(Self.prefix.count))) else {
            throw Failure.notSealed
        }
        do {
            let box = try AES.GCM.SealedBox(combined: data)
            let plain = try AES.GCM.open(box, using: key, authenticating: Array(context.utf8))
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw Failure.cannotOpen
        }
    }

    /// Key material for one purpose, derived from the field key (HKDF-SHA256), so one secret
    /// serves every use without any two uses sharing a key.
    public func derivedKeyBytes(purpose: String) -> [UInt8] {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array("lantern.derived.\(purpose)".utf8), outputByteCount: 32)
            .withUnsafeBytes { Array($0) }
    }

    /// A keyed hash for finding equal values without storing them in plain text
    /// (e.g. matching a person across referrals). Uses a key derived from the field key.
    public func blindIndex(_ value: String, purpose: String) -> String {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Array("lantern.blind-index.\(purpose)".utf8),
                                             outputByteCount: 32)
        return HMAC<SHA256>.authenticationCode(for: Array(value.utf8), using: derived)
            .map { String(format: "%02x", $0) }.joined()
    }
}
