import Fluent
import Foundation
import LanternCore

/// One version of a meeting's minutes (`governance_minutes`). A draft's text may change; its
/// state moves on only by one conditional update (see `MinutesService.take`); a published
/// version is never updated: a correction is a new version naming it in `supersedesID`.
final class GovernanceMinutes: Model, @unchecked Sendable {
    static let schema = "governance_minutes"

    @ID(key: .id) var id: UUID?
    @Field(key: "group_id") var groupID: UUID
    @Field(key: "meeting_id") var meetingID: UUID
    @Field(key: "version") var version: Int
    /// `MinutesState`'s raw value.
    @Field(key: "state") var state: String
    /// `MinutesDocument` as JSON.
    @Field(key: "body") var body: String
    /// The names withheld from the public version, as a JSON array.
    @Field(key: "withheld_names") var withheldNamesJSON: String
    @OptionalField(key: "circulated_on") var circulatedOn: Int?
    @OptionalField(key: "approved_by") var approvedBy: UUID?
    @OptionalField(key: "approved_at_meeting_id") var approvedAtMeetingID: UUID?
    @OptionalField(key: "approved_on") var approvedOn: Int?
    @OptionalField(key: "published_on") var publishedOn: Int?
    @OptionalField(key: "published_by") var publishedBy: UUID?
    @OptionalField(key: "correction_note") var correctionNote: String?
    @OptionalField(key: "supersedes_id") var supersedesID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "created_by") var createdBy: UUID

    init() {}

    var minutesState: MinutesState { MinutesState(rawValue: state) ?? .draft }

    var document: MinutesDocument {
        (try? JSONDecoder().decode(MinutesDocument.self, from: Data(body.utf8))) ?? MinutesDocument()
    }

    var withheldNames: [String] {
        (try? JSONDecoder().decode([String].self, from: Data(withheldNamesJSON.utf8))) ?? []
    }

    static func encode(_ document: MinutesDocument) -> String {
        String(decoding: (try? JSONEncoder().encode(document)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func encode(_ names: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(names)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
