import Crypto
import Foundation
import LanternCore
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// What a public form's sender is counted under for a limit per address: a keyed hash of the
/// address (of its /64 network for IPv6, where one connection holds a whole /64) whose key is
/// drawn when the process starts and lives only in its memory. A count's row then names no
/// address, even to someone holding the database and the field key; a restart starts the
/// counts afresh under a new key, which at worst lets a sender start their hour again.
struct SenderCountKey: Sendable {
    /// Kept as bytes: SymmetricKey is not Sendable in this swift-crypto version.
    private let keyBytes = FieldCipher.generateKeyBytes()

    func key(for request: Request) -> String {
        let address = request.clientAddress ?? "unknown"
        let counted = address.contains(":") ? Self.network64(address) : address
        return HMAC<SHA256>.authenticationCode(for: Array(counted.utf8), using: SymmetricKey(data: keyBytes))
            .map { String(format: "%02x", $0) }.joined()
    }

    /// The first 64 bits of an IPv6 address, as text (the address itself if it cannot be read).
    static func network64(_ address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let host = address.split(separator: "%").first.map(String.init) ?? address
        guard inet_pton(AF_INET6, host, &bytes) == 1 else { return address }
        return bytes.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
