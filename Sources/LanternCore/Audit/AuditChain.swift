/// The secret the audit chain is keyed with, derived from the field key (which lives outside
/// the database).
public struct AuditChainKey: Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(cipher: FieldCipher) { self.bytes = cipher.derivedKeyBytes(purpose: "audit-chain") }
}

/// Verifies a stored audit log: sequences run 1, 2, 3… with no gap, each entry's stored hash
/// is the hash of its content and the previous hash, and the last entry is the one the
/// chain head says it should be (so cutting entries off the end is caught too).
public enum AuditChain {
    /// The hash before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public enum Verdict: Equatable, Sendable {
        case intact(entries: Int64)
        case broken(sequence: Int64, reason: String)
    }

    /// A point of the chain written down outside the database (`lantern audit anchor`):
    /// entry `sequence` had hash `hash`. Checking against it catches what the key alone
    /// cannot: someone who holds the key, or who cuts the newest entries off and rolls the
    /// head back.
    public struct Anchor: Sendable, Equatable, CustomStringConvertible {
        public let sequence: Int64
        public let hash: String

        public init(sequence: Int64, hash: String) {
            self.sequence = sequence
            self.hash = hash
        }

        /// Reads `SEQUENCE:HASH`, as `description` writes it.
        public init?(text: String) {
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ":")
            guard parts.count == 2, let sequence = Int64(parts[0]), sequence >= 0, parts[1].count == 64,
                  parts[1].allSatisfy(\.isHexDigit) else { return nil }
            self.init(sequence: sequence, hash: parts[1].lowercased())
        }

        public var description: String { "\(sequence):\(hash)" }
    }

    /// A streaming verifier: feed entries in sequence order, then ask for the verdict.
    public struct Verifier: Sendable {
        private let key: AuditChainKey
        private let anchor: Anchor?
        private var expectedSequence: Int64 = 1
        private var previousHash = AuditChain.genesis
        private var failure: Verdict?

        public init(key: AuditChainKey, anchor: Anchor? = nil) {
            self.key = key
            self.anchor = anchor
        }

        public mutating func check(_ record: AuditRecord, storedHash: String) {
            guard failure == nil else { return }
            if record.sequence != expectedSequence {
                failure = .broken(sequence: expectedSequence,
                                  reason: "entry \(expectedSequence) is missing or out of order (found \(record.sequence))")
                return
            }
            if record.chainHash(previous: previousHash, key: key) != storedHash {
                failure = .broken(sequence: record.sequence, reason: "entry \(record.sequence) was altered")
                return
            }
            if let anchor, anchor.sequence == record.sequence, anchor.hash != storedHash {
                failure = .broken(sequence: record.sequence, reason: "entry \(record.sequence) differs from the anchor kept outside the database")
                return
            }
            previousHash = storedHash
            expectedSequence += 1
        }

        /// The verdict, given what the chain head records as the last entry.
        public func verdict(headSequence: Int64, headHash: String) -> Verdict {
            if let failure { return failure }
            let last = expectedSequence - 1
            if let anchor, anchor.sequence > last {
                return .broken(sequence: last + 1,
                               reason: "the log ends at entry \(last) but the anchor kept outside the database records entry \(anchor.sequence)")
            }
            if last != headSequence || previousHash != headHash {
                return .broken(sequence: last + 1,
                               reason: "the log ends at entry \(last) but the chain head records entry \(headSequence)")
            }
            return .intact(entries: last)
        }
    }
}
