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

    /// A streaming verifier: feed entries in sequence order, then ask for the verdict.
    public struct Verifier: Sendable {
        private var expectedSequence: Int64 = 1
        private var previousHash = AuditChain.genesis
        private var failure: Verdict?

        public init() {}

        public mutating func check(_ record: AuditRecord, storedHash: String) {
            guard failure == nil else { return }
            if record.sequence != expectedSequence {
                failure = .broken(sequence: expectedSequence,
                                  reason: "entry \(expectedSequence) is missing or out of order (found \(record.sequence))")
                return
            }
            if record.chainHash(previous: previousHash) != storedHash {
                failure = .broken(sequence: record.sequence, reason: "entry \(record.sequence) was altered")
                return
            }
            previousHash = storedHash
            expectedSequence += 1
        }

        /// The verdict, given what the chain head records as the last entry.
        public func verdict(headSequence: Int64, headHash: String) -> Verdict {
            if let failure { return failure }
            let last = expectedSequence - 1
            if last != headSequence || previousHash != headHash {
                return .broken(sequence: last + 1,
                               reason: "the log ends at entry \(last) but the chain head records entry \(headSequence)")
            }
            return .intact(entries: last)
        }
    }
}
