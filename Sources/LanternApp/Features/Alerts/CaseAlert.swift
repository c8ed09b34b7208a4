import Fluent
import Foundation
import LanternCore

/// An alert raised on a case by the daily job (`CaseAlertJob`): its kind, the window it belongs
/// to, and its handling. Notes can identify the person: sealed with the case's key.
final class CaseAlert: Model, @unchecked Sendable {
    static let schema = "case_alerts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "kind") var kind: String
    @Field(key: "window_key") var windowKey: String
    @Field(key: "raised_on") var raisedOn: Int
    @Field(key: "raised_at") var raisedAt: Date
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "state") var state: String
    @OptionalField(key: "acknowledged_by") var acknowledgedBy: UUID?
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "sealed_acknowledge_note") var sealedAcknowledgeNote: String?
    @OptionalField(key: "resolved_by") var resolvedBy: UUID?
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @OptionalField(key: "sealed_note") var sealedNote: String?

    init() {}

    var alertKind: AlertKind? { AlertKind(rawValue: kind) }
    var alertState: AlertState { AlertState(rawValue: state) ?? .open }

    static func acknowledgeNoteContext(_ id: UUID) -> String { "case_alerts.sealed_acknowledge_note:\(id.uuidString)" }
    static func noteContext(_ id: UUID) -> String { "case_alerts.sealed_note:\(id.uuidString)" }
}
