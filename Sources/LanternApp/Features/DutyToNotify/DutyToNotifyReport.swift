import Fluent
import Foundation
import LanternCore

/// A case's Duty to Notify report (`duty_to_notify_reports`, one row per case). The details
/// are sealed with the case's own key (`sealedDetails`); the rest are codes.
final class DutyToNotifyReport: Model, @unchecked Sendable {
    static let schema = "duty_to_notify_reports"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "reason") var reason: String
    @Field(key: "still_in_situation") var stillInSituation: String
    @Field(key: "reported_to_police") var reportedToPolice: String
    @Field(key: "police_may_contact") var policeMayContact: String
    @OptionalField(key: "sealed_details") var sealedDetails: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var detailsSealContext: String { "duty_to_notify_reports.sealed_details:\(id?.uuidString ?? "")" }

    /// The answers, the details opened with the case's cipher (nil once the case is erased).
    func answers(using cipher: FieldCipher?) throws -> DutyToNotifyAnswers {
        DutyToNotifyAnswers(reason: NotificationRefusalReason(rawValue: reason) ?? .notGiven,
                            stillInSituation: NotificationAnswer(rawValue: stillInSituation) ?? .notKnown,
                            reportedToPolice: NotificationAnswer(rawValue: reportedToPolice) ?? .notKnown,
                            policeMayContact: NotificationAnswer(rawValue: policeMayContact) ?? .notKnown,
                            details: try cipher.flatMap { c in try sealedDetails.map { try c.open($0, context: detailsSealContext) } })
    }

    /// Sets the answers, sealing the details with the case's cipher.
    func set(_ answers: DutyToNotifyAnswers, using cipher: FieldCipher) throws {
        reason = answers.reason.rawValue
        stillInSituation = answers.stillInSituation.rawValue
        reportedToPolice = answers.reportedToPolice.rawValue
        policeMayContact = answers.policeMayContact.rawValue
        sealedDetails = try answers.details.map { try cipher.seal($0, context: detailsSealContext) }
    }

    /// The form's values for these answers (to show them again).
    func formValues(using cipher: FieldCipher?) throws -> [String: String] {
        let a = try answers(using: cipher)
        return ["reason": a.reason.rawValue, "stillInSituation": a.stillInSituation.rawValue,
                "reportedToPolice": a.reportedToPolice.rawValue, "policeMayContact": a.policeMayContact.rawValue,
                "details": a.details ?? ""]
    }
}
