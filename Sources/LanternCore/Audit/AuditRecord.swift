import Crypto
import Foundation

/// One entry of the tamper-evident audit log, as it is chained: every field that matters
/// is part of the hash, so altering, removing or reordering an entry breaks the chain.
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int64
    /// Milliseconds since 1970 (UTC): whole numbers survive every database unchanged.
    public var occurredAtMillis: Int64
    public var actorUserID: String?
    public var organisationID: String?
    public var action: String
    public var recordType: String?
    public var recordID: String?
    public var outcome: String
    public var requestID: String?
    public var sourceAddress: String?

    public init(sequence: Int64, occurredAtMillis: Int64, actorUserID: String?, organisationID: String?,
                action: String, recordType: String?, recordID: String?, outcome: String,
                requestID: String?, sourceAddress: String?) {
        self.sequence = sequence
        self.occurredAtMillis = occurredAtMillis
        self.actorUserID = actorUserID
        self.organisationID = organisationID
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.outcome = outcome
        self.requestID = requestID
        self.sourceAddress = sourceAddress
    }

    /// Length-prefixed fields, so no choice of values can make two entries serialise alike.
    public var canonicalBytes: [UInt8] {
        let fields: [String?] = [String(sequence), String(occurredAtMillis), actorUserID, organisationID,
                                 action, recordType, recordID, outcome, requestID, sourceAddress]
        var bytes: [UInt8] = []
        for field in fields {
            guard let field else { bytes.append(contentsOf: Array("-;".utf8)); continue }
            let utf8 = Array(field.utf8)
            bytes.append(contentsOf: Array("\(utf8.count):".utf8))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: ";"))
        }
        return bytes
    }

    /// The hash that links this entry to the one before it: an HMAC under the chain key,
    /// so whoever can write to the database but does not hold the key cannot recompute
    /// the chain after changing an entry.
    public func chainHash(previous: String, key: AuditChainKey) -> String {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: key.bytes))
        mac.update(data: Array(previous.utf8))
        mac.update(data: canonicalBytes)
        return mac.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The unkeyed hash of Lantern before the chain was keyed (migration 009 re-chains with
    /// the key); kept only so that migration can check the old chain before replacing it.
    public func unkeyedChainHash(previous: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(previous.utf8))
        hasher.update(data: canonicalBytes)
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
