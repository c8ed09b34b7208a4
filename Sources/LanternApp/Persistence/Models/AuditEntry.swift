import Fluent
import Foundation
import LanternCore

/// One row of the append-only audit log. `seq` runs 1, 2, 3… and `hash` chains each row
/// to the one before (see `LanternCore.AuditRecord`).
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_entries"

    @ID(custom: "seq", generatedBy: .user) var id: Int64?
    @Field(key: "occurred_at_ms") var occurredAtMillis: Int64
    @OptionalField(key: "actor_user_id") var actorUserID: String?
    @OptionalField(key: "organisation_id") var organisationID: String?
    @Field(key: "action") var action: String
    @OptionalField(key: "record_type") var recordType: String?
    @OptionalField(key: "record_id") var recordID: String?
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "request_id") var requestID: String?
    @OptionalField(key: "source_address") var sourceAddress: String?
    @Field(key: "hash") var hash: String

    init() {}

    init(_ record: AuditRecord, hash: String) {
        id = record.sequence
        occurredAtMillis = record.occurredAtMillis
        actorUserID = record.actorUserID
        organisationID = record.organisationID
        action = record.action
        recordType = record.recordType
        recordID = record.recordID
        outcome = record.outcome
        requestID = record.requestID
        sourceAddress = record.sourceAddress
        self.hash = hash
    }

    var record: AuditRecord {
        AuditRecord(sequence: id ?? 0, occurredAtMillis: occurredAtMillis, actorUserID: actorUserID,
                    organisationID: organisationID, action: action, recordType: recordType, recordID: recordID,
                    outcome: outcome, requestID: requestID, sourceAddress: sourceAddress)
    }

    var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMillis) / 1000) }
}

/// The single row recording the chain's last sequence and hash. Appenders update it first,
/// which serialises them (a row lock in PostgreSQL, the write lock in SQLite).
final class AuditHead: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var sequence: Int64
    @Field(key: "hash") var hash: String

    init() {}

    init(sequence: Int64, hash: String) {
        id = 1
        self.sequence = sequence
        self.hash = hash
    }
}
