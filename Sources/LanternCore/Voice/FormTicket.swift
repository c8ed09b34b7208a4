import Crypto
import Foundation

/// A signed stamp of when a public form was drawn, sent back with the form: a message sent
/// sooner than a person could write one, with no stamp, or with a stamp Lantern did not sign,
/// is a machine's. No third-party service and nothing about the sender: just a time and its
/// keyed hash.
public struct FormTicket: Sendable {
    public enum Verdict: Sendable, Equatable {
        case fresh
        /// Sent sooner than `minimumAge` after the form was drawn.
        case tooFast
        /// Drawn longer ago than `maximumAge` (the person may simply have taken long: say so).
        case expired
        /// Missing, malformed, or not signed with this key.
        case forged
    }

    private let keyBytes: [UInt8]
    /// What the stamp is for, so a stamp for one form is not good for another.
    public let purpose: String

    public init(keyBytes: [UInt8], purpose: String) {
        self.keyBytes = keyBytes
        self.purpose = purpose
    }

    /// The stamp for a form drawn at `date`: whole seconds since 1970, a random nonce (two forms
    /// drawn in the same second get different stamps, so each can be spent once), the keyed hash.
    public func issue(at date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let nonce = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "\(seconds).\(nonce).\(mac(seconds, nonce))"
    }

    public func verify(_ ticket: String?, now: Date, minimumAge: TimeInterval, maximumAge: TimeInterval) -> Verdict {
        guard let ticket, ticket.count <= 200 else { return .forged }
        let parts = ticket.split(separator: ".", omittingEmptySubsequences: false)
        // Only the text `issue` writes: `Int64` also reads "+1…" and "01…", which would make
        // one signed stamp many different texts, each spendable once.
        guard parts.count == 3, let seconds = Int64(parts[0]), seconds >= 0, String(seconds) == parts[0], parts[1].count == 32,
              constantTimeEquals(String(parts[2]), mac(seconds, String(parts[1]))) else { return .forged }
        let age = now.timeIntervalSince1970 - Double(seconds)
        // A stamp from the future was not drawn by this clock (allow a node's clock a minute).
        if age < -60 { return .forged }
        if age < minimumAge { return .tooFast }
        if age > maximumAge { return .expired }
        return .fresh
    }

    private func mac(_ seconds: Int64, _ nonce: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Array("\(purpose):\(seconds):\(nonce)".utf8), using: SymmetricKey(data: keyBytes))
            .map { String(format: "%02x", $0) }.joined()
    }
}
