import Fluent
import Foundation
import LanternCore

/// Where the person stayed, from a day until a day (nil while they are still there). The
/// provider and the note can identify the person: both are sealed with the case's key.
final class AccommodationEpisode: Model, @unchecked Sendable {
    static let schema = "case_accommodation"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "kind") var kind: String
    /// Sealed (`providerContext`).
    @OptionalField(key: "provider") var sealedProvider: String?
    @OptionalField(key: "borough_code") var boroughCode: String?
    @Field(key: "from_day") var fromDay: Int
    @OptionalField(key: "until_day") var untilDay: Int?
    @OptionalField(key: "end_reason") var endReason: String?
    @OptionalField(key: "sealed_note") var sealedNote: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var providerContext: String { "case_accommodation.provider:\(id?.uuidString ?? "")" }
    var noteContext: String { "case_accommodation.sealed_note:\(id?.uuidString ?? "")" }

    var span: EpisodeSpan {
        EpisodeSpan(id: id?.uuidString ?? "", from: Day(daysSinceEpoch: fromDay), until: untilDay.map(Day.init(daysSinceEpoch:)), kind: kind)
    }
}

/// Support the person had or has, from a day until a day (planned or actual; nil when open).
final class SupportEpisode: Model, @unchecked Sendable {
    static let schema = "case_support"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "kind") var kind: String
    /// Sealed (`providerContext`).
    @OptionalField(key: "provider") var sealedProvider: String?
    @Field(key: "from_day") var fromDay: Int
    @OptionalField(key: "until_day") var untilDay: Int?
    @OptionalField(key: "end_reason") var endReason: String?
    @OptionalField(key: "sealed_note") var sealedNote: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var providerContext: String { "case_support.provider:\(id?.uuidString ?? "")" }
    var noteContext: String { "case_support.sealed_note:\(id?.uuidString ?? "")" }

    var span: EpisodeSpan {
        EpisodeSpan(id: id?.uuidString ?? "", from: Day(daysSinceEpoch: fromDay), until: untilDay.map(Day.init(daysSinceEpoch:)), kind: kind)
    }
}

/// One entry of the log of contact with the person (or an attempt that did not reach them).
final class ContactLogEntry: Model, @unchecked Sendable {
    static let schema = "case_contacts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var `case`: CaseRecord
    @Field(key: "contact_on") var contactOn: Int
    @Field(key: "method") var method: String
    @OptionalField(key: "sealed_note") var sealedNote: String?
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var noteContext: String { "case_contacts.sealed_note:\(id?.uuidString ?? "")" }
}
