import Fluent
import Foundation
import LanternCore

/// A case's follow-up of its submitted NRM referral: the Home Office's reference and the day
/// it acknowledged the referral. One row per case (`case_id` is the key).
final class ReferralFollowUpRecord: Model, @unchecked Sendable {
    static let schema = "case_referral_followup"

    @ID(custom: "case_id", generatedBy: .user) var id: UUID?
    @OptionalField(key: "home_office_reference") var homeOfficeReference: String?
    @OptionalField(key: "acknowledged_on") var acknowledgedOn: Int?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// One chase of the Reasonable Grounds decision: when, how, and a note sealed with the case's key.
final class RGChase: Model, @unchecked Sendable {
    static let schema = "case_rg_chases"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "chased_on") var chasedOn: Int
    @Field(key: "method") var method: String
    @OptionalField(key: "sealed_note") var sealedNote: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    static func noteContext(_ id: UUID) -> String { "case_rg_chases.note:\(id.uuidString)" }
    var chaseMethod: ReferralFollowUp.ChaseMethod? { .init(rawValue: method) }
}
