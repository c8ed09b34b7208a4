import Fluent
import Foundation
import LanternCore

/// The children's pathway of one child's case (`case_children`, one row per case). The note of
/// a section 45 defence is sealed with the case's own key (`sealedSection45Note`).
final class ChildRecord: Model, @unchecked Sendable {
    static let schema = "case_children"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    /// When the child came into contact with services or into care: the 72-hour clock's start.
    @OptionalField(key: "came_into_contact_at") var cameIntoContactAt: Date?
    /// The month the child turns 18, `yyyymm` (never the date of birth).
    @OptionalField(key: "turns_18_month") var turns18Month: Int?
    @Field(key: "county_lines") var countyLines: Bool
    @Field(key: "criminal_exploitation") var criminalExploitation: Bool
    @OptionalField(key: "section45_note") var sealedSection45Note: String?
    /// The London day the child was referred to an Independent Child Trafficking Guardian.
    @OptionalField(key: "ictg_referred_on") var ictgReferredOn: Int?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var section45SealContext: String { "case_children.section45_note:\(id?.uuidString ?? "")" }

    func section45Note(using cipher: FieldCipher) throws -> String? {
        try sealedSection45Note.map { try cipher.open($0, context: section45SealContext) }
    }
}

/// One item of a child's first-72-hours checklist: done (when, recorded by whom) or not needed
/// (the reason, sealed with the case's key).
final class ChildChecklistEntry: Model, @unchecked Sendable {
    static let schema = "child_checklist_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "item") var item: String
    @OptionalField(key: "done_at") var doneAt: Date?
    @OptionalField(key: "done_by") var doneBy: UUID?
    @OptionalField(key: "not_needed_reason") var sealedNotNeededReason: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var reasonSealContext: String { "child_checklist_items.not_needed_reason:\(id?.uuidString ?? "")" }

    var state: ChecklistItemState {
        if let doneAt { return .done(at: doneAt) }
        return sealedNotNeededReason == nil ? .outstanding : .notNeeded
    }
}

/// A period the child was missing, and the return home interview after it.
final class ChildMissingEpisode: Model, @unchecked Sendable {
    static let schema = "child_missing_episodes"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_id") var caseID: UUID
    @Field(key: "from_at") var fromAt: Date
    @OptionalField(key: "until_at") var untilAt: Date?
    @OptionalField(key: "rhi_offered_at") var interviewOfferedAt: Date?
    @OptionalField(key: "rhi_held_at") var interviewHeldAt: Date?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "updated_by") var updatedBy: UUID
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var times: MissingEpisodeTimes {
        MissingEpisodeTimes(id: id?.uuidString ?? "", from: fromAt, until: untilAt, interviewOffered: interviewOfferedAt,
                            interviewHeld: interviewHeldAt)
    }
}
