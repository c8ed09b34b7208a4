import Fluent
import Foundation

/// A worker's note on a case: a contact, a visit, a call or a professional discussion. The
/// text is sealed with the case's own key; only the case's own organisation reads it.
final class CaseNote: Model, @unchecked Sendable {
    static let schema = "case_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "kind") var kind: String
    @Field(key: "noted_on") var notedOn: Int
    @Field(key: "sealed_note") var sealedNote: String
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    static func sealContext(_ id: UUID) -> String { "case_notes.note:\(id.uuidString)" }
}
