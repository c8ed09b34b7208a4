import Fluent
import Foundation
import LanternCore

/// One entry of the contacts directory: who to reach in a borough for a role (the council's
/// modern slavery lead, a SPOC, the BCU, the NHS, a charity), kept by a Lantern organisation.
/// Every change is also a row of `DirectoryEntryVersion`; `version` counts them, and a change
/// is written only over the version its author saw.
final class DirectoryEntry: Model, @unchecked Sendable {
    static let schema = "directory_entries"

    @ID(key: .id) var id: UUID?
    /// The Lantern organisation that maintains the entry (its administrators confirm it).
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "borough_code") var boroughCode: String
    @Field(key: "kind") var kind: String
    @Field(key: "role_title") var roleTitle: String
    @Field(key: "organisation_name") var organisationName: String
    @OptionalField(key: "team") var team: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "web_form") var webForm: String?
    @Field(key: "is_published") var isPublished: Bool
    @Field(key: "personal_email_published") var personalEmailPublished: Bool
    @Field(key: "verified_at") var verifiedAt: Date
    @OptionalField(key: "verified_by") var verifiedBy: UUID?
    @OptionalField(key: "retired_at") var retiredAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "updated_at") var updatedAt: Date
    /// The team of the maintaining organisation that concerns routed by this entry go to (nil:
    /// the organisation as a whole). Migration 024.
    @OptionalField(key: "team_id") var teamID: UUID?

    init() {}

    init(id: UUID = UUID(), organisationID: UUID, draft: DirectoryEntryDraft, at now: Date, by userID: UUID?) {
        self.id = id
        self.$organisation.id = organisationID
        self.draft = draft
        self.verifiedAt = now
        self.verifiedBy = userID
        self.version = 1
        self.createdAt = now
        self.createdBy = userID
        self.updatedAt = now
    }

    /// The entry's content, as the rules check and compare it.
    var draft: DirectoryEntryDraft {
        get {
            DirectoryEntryDraft(boroughCode: boroughCode, kind: DirectoryEntryKind(rawValue: kind) ?? .other, roleTitle: roleTitle,
                                organisationName: organisationName, team: team, email: email, phone: phone, webForm: webForm,
                                isPublished: isPublished, personalEmailPublished: personalEmailPublished)
        }
        set {
            boroughCode = newValue.boroughCode
            kind = newValue.kind.rawValue
            roleTitle = newValue.roleTitle
            organisationName = newValue.organisationName
            team = newValue.team
            email = newValue.email
            phone = newValue.phone
            webForm = newValue.webForm
            isPublished = newValue.isPublished
            personalEmailPublished = newValue.personalEmailPublished
        }
    }

    var isRetired: Bool { retiredAt != nil }
}

/// One step in an entry's history: created, changed (which fields), confirmed as still
/// correct, or retired; who and when, and the entry as it stood after the step.
final class DirectoryEntryVersion: Model, @unchecked Sendable {
    static let schema = "directory_entry_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "entry_id") var entry: DirectoryEntry
    @Field(key: "version") var version: Int
    /// `created`, `changed`, `confirmed` or `retired`.
    @Field(key: "change") var change: String
    /// The fields a change changed (`DirectoryEntryDraft.Field` raw values, comma-separated).
    @Field(key: "changed_fields") var changedFields: String
    /// The entry after this step, as JSON (`Snapshot`).
    @Field(key: "snapshot") var snapshot: String
    @Field(key: "changed_at") var changedAt: Date
    @OptionalField(key: "changed_by") var changedBy: UUID?

    enum Change: String, Sendable { case created, changed, confirmed, retired }

    /// In `changedFields`: the entry moved to another maintaining organisation.
    static let maintainerField = "maintainer"

    /// What a version keeps of the entry.
    struct Snapshot: Codable, Sendable {
        var organisationID: UUID
        var entry: DirectoryEntryDraft
    }

    init() {}
}
