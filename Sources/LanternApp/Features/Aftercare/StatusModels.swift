import Fluent
import Foundation
import LanternCore

/// A person's immigration status and whether they have no recourse to public funds, from a
/// day: dated rows, the latest (`StatusRules.current`) is the status now. The alert job reads
/// this table in SQL (`case_status`).
final class CaseImmigrationStatus: Model, @unchecked Sendable {
    static let schema = "case_status"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "immigration_status") var immigrationStatus: String
    @Field(key: "nrpf") var nrpf: Bool
    @Field(key: "from_day") var fromDay: Int
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var status: ImmigrationStatus { ImmigrationStatus(rawValue: immigrationStatus) ?? .unknown }
    var from: Day { Day(daysSinceEpoch: fromDay) }
}

/// A Recovery Needs Assessment pillar asked for, and what was decided.
final class CaseRNAPillar: Model, @unchecked Sendable {
    static let schema = "case_rna_pillars"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "pillar") var pillar: String
    @Field(key: "requested_on") var requestedOn: Int
    @Field(key: "outcome") var outcome: String
    @OptionalField(key: "decided_on") var decidedOn: Int?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A homelessness application to a council: the duty owed and the priority need decision. The
/// outcome is free text, sealed with the case's key.
final class HomelessnessApplication: Model, @unchecked Sendable {
    static let schema = "homelessness_applications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "borough_code") var boroughCode: String
    @Field(key: "applied_on") var appliedOn: Int
    @Field(key: "duty") var duty: String
    @Field(key: "priority_need") var priorityNeed: String
    @OptionalField(key: "decided_on") var decidedOn: Int?
    @OptionalField(key: "outcome") var sealedOutcome: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var outcomeSealContext: String { "homelessness_applications.outcome:\(id?.uuidString ?? "")" }
}

/// A reciprocal housing request from the case's organisation to the receiving borough's
/// housing point of contact (its maintaining organisation, and team when the directory names
/// one). The note (what is needed) and the answer are sealed with the case's key.
final class HousingRequest: Model, @unchecked Sendable {
    static let schema = "housing_requests"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "from_organisation_id") var fromOrganisationID: UUID
    @Field(key: "to_organisation_id") var toOrganisationID: UUID
    @OptionalField(key: "to_team_id") var toTeamID: UUID?
    @Field(key: "borough_code") var boroughCode: String
    @Field(key: "sent_on") var sentOn: Int
    @Field(key: "status") var status: String
    @OptionalField(key: "answered_on") var answeredOn: Int?
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @OptionalField(key: "sealed_note") var sealedNote: String?
    @OptionalField(key: "sealed_answer") var sealedAnswer: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var state: HousingRequestStatus { HousingRequestStatus(rawValue: status) ?? .sent }
    var noteSealContext: String { Self.noteSealContext(id) }
    var answerSealContext: String { Self.answerSealContext(id) }
    static func noteSealContext(_ id: UUID?) -> String { "housing_requests.sealed_note:\(id?.uuidString ?? "")" }
    static func answerSealContext(_ id: UUID?) -> String { "housing_requests.sealed_answer:\(id?.uuidString ?? "")" }
}
