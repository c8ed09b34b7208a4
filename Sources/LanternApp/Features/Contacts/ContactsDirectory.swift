import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// The contacts directory's reads and writes. Every write is one transaction holding the
/// entry, its new version row and the audit entry; a change, a confirmation and a retirement
/// are each one conditional UPDATE over the version the person saw, so 40 people pressing
/// "Still correct" at once record one verification.
enum ContactsDirectory {
    /// An entry as the public sees it (and /get-help shows a borough's own contacts): only
    /// published, not retired; a personal address only when its owner agreed to publish it.
    struct PublishedContact: Sendable, Equatable, Codable {
        var id: UUID
        var boroughCode: String
        var boroughName: String
        var kind: DirectoryEntryKind
        var roleTitle: String
        var organisationName: String
        var team: String?
        var email: String?
        var phone: String?
        var webForm: String?
        /// Not verified for `LANTERN_CONTACT_STALE_DAYS`: shown as "being checked".
        var isBeingChecked: Bool
    }

    /// The published entries, of one borough (its ONS code) or all, by borough name, then kind
    /// in the directory's order, then role.
    static func published(borough: String? = nil, services: LanternServices, on db: any Database) async throws -> [PublishedContact] {
        var query = DirectoryEntry.query(on: db).filter(\.$isPublished == true).filter(\.$retiredAt == nil)
        if let borough { query = query.filter(\.$boroughCode == borough) }
        let today = services.today, staleDays = services.settings.contactStaleDays
        let kinds = DirectoryEntryKind.allCases
        return try await query.all().compactMap { entry -> PublishedContact? in
            guard let id = entry.id, let place = services.boroughs.borough(code: entry.boroughCode) else { return nil }
            let draft = entry.draft
            return PublishedContact(id: id, boroughCode: place.onsCode, boroughName: place.name, kind: draft.kind,
                                    roleTitle: draft.roleTitle, organisationName: draft.organisationName, team: draft.team,
                                    email: draft.publicEmail, phone: draft.phone, webForm: draft.webForm,
                                    isBeingChecked: isStale(entry, today: today, staleDays: staleDays))
        }.sorted {
            ($0.boroughName, kinds.firstIndex(of: $0.kind) ?? 0, $0.roleTitle) < ($1.boroughName, kinds.firstIndex(of: $1.kind) ?? 0, $1.roleTitle)
        }
    }

    /// Whether the entry's last verification is too old (on London's calendar).
    static func isStale(_ entry: DirectoryEntry, today: Day, staleDays: Int) -> Bool {
        DirectoryRules.isStale(verifiedOn: londonDay(entry.verifiedAt), today: today, staleDays: staleDays)
    }

    /// The moment from which a verification is still fresh today: verified before it, stale.
    static func freshSince(today: Day, staleDays: Int) -> Date {
        let day = DirectoryRules.freshFrom(today: today, staleDays: staleDays)
        let midnightUTC = Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch) * 86_400)
        let zone = TimeZone(identifier: "Europe/London") ?? .gmt
        return midnightUTC.addingTimeInterval(-TimeInterval(zone.secondsFromGMT(for: midnightUTC)))
    }

    static func londonDay(_ date: Date) -> Day {
        let zone = TimeZone(identifier: "Europe/London") ?? .gmt
        return Day(secondsSince1970: date.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: date)))
    }

    // MARK: writes

    /// Adds an entry kept by `organisationID`, verified now by its author.
    static func create(_ draft: DirectoryEntryDraft, organisationID: UUID, by userID: UUID?, services: LanternServices,
                       at moment: Date? = nil, on db: any Database) async throws -> DirectoryEntry {
        let now = moment ?? services.now
        let entry = DirectoryEntry(organisationID: organisationID, draft: draft, at: now, by: userID)
        try await entry.create(on: db)
        try await recordVersion(of: entry, change: .created, fields: [], at: now, by: userID, on: db)
        return entry
    }

    enum Outcome: Sendable, Equatable {
        case done
        /// Nothing differed: no new version.
        case unchanged
        /// Someone else changed, confirmed or retired the entry since the person loaded it.
        case overtaken
    }

    /// Changes an entry (saving a change also verifies it: its author has just checked it),
    /// over the version the person saw; `organisationID` moves it to another maintainer.
    static func change(_ entry: Authorised<DirectoryEntry>, to draft: DirectoryEntryDraft, organisationID: UUID, seenVersion: Int,
                       services: LanternServices, on db: any Database) async throws -> Outcome {
        let context = try entry.context(for: .manageContacts)
        let record = entry.record, now = services.now
        let fields = draft.changedFields(from: record.draft).map(\.rawValue)
            + (organisationID == record.$organisation.id ? [] : [DirectoryEntryVersion.maintainerField])
        guard !fields.isEmpty else { return .unchanged }
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.update(DirectoryEntry.schema)
            .set("organisation_id", to: SQLBind(organisationID))
            .set("borough_code", to: SQLBind(draft.boroughCode)).set("kind", to: SQLBind(draft.kind.rawValue))
            .set("role_title", to: SQLBind(draft.roleTitle)).set("organisation_name", to: SQLBind(draft.organisationName))
            .set("team", to: SQLBind(draft.team)).set("email", to: SQLBind(draft.email)).set("phone", to: SQLBind(draft.phone))
            .set("web_form", to: SQLBind(draft.webForm)).set("is_published", to: SQLBind(draft.isPublished))
            .set("personal_email_published", to: SQLBind(draft.personalEmailPublished))
            .set("verified_at", to: SQLBind(now)).set("verified_by", to: SQLBind(context.userID))
            .set("version", to: SQLBind(seenVersion + 1)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try record.requireID())).where("version", .equal, SQLBind(seenVersion))
            .where("retired_at", .is, SQLLiteral.null)
            .returning("id").first()
        guard row != nil else { return .overtaken }
        record.draft = draft
        record.$organisation.id = organisationID
        record.version = seenVersion + 1
        record.verifiedAt = now
        record.verifiedBy = context.userID
        try await recordVersion(of: record, change: .changed, fields: fields, at: now, by: context.userID, on: db)
        try await closeVerificationTasks(record, on: db, at: now)
        return .done
    }

    /// "Still correct": records the verification (now, by this person) in one conditional
    /// statement over the version the person saw.
    static func confirm(_ entry: Authorised<DirectoryEntry>, seenVersion: Int, services: LanternServices,
                        on db: any Database) async throws -> Outcome {
        let context = try entry.context(for: .manageContacts)
        let record = entry.record, now = services.now
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.update(DirectoryEntry.schema)
            .set("verified_at", to: SQLBind(now)).set("verified_by", to: SQLBind(context.userID))
            .set("version", to: SQLBind(seenVersion + 1)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try record.requireID())).where("version", .equal, SQLBind(seenVersion))
            .where("retired_at", .is, SQLLiteral.null)
            .returning("id").first()
        guard row != nil else { return .overtaken }
        record.version = seenVersion + 1
        record.verifiedAt = now
        record.verifiedBy = context.userID
        try await recordVersion(of: record, change: .confirmed, fields: [], at: now, by: context.userID, on: db)
        try await closeVerificationTasks(record, on: db, at: now)
        return .done
    }

    /// Takes an entry off the directory; it stays, with its history, for the managers.
    static func retire(_ entry: Authorised<DirectoryEntry>, seenVersion: Int, services: LanternServices,
                       on db: any Database) async throws -> Outcome {
        let context = try entry.context(for: .manageContacts)
        let record = entry.record, now = services.now
        guard let sql = db as? any SQLDatabase else { throw Abort(.internalServerError) }
        let row = try await sql.update(DirectoryEntry.schema)
            .set("retired_at", to: SQLBind(now)).set("version", to: SQLBind(seenVersion + 1)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(try record.requireID())).where("version", .equal, SQLBind(seenVersion))
            .where("retired_at", .is, SQLLiteral.null)
            .returning("id").first()
        guard row != nil else { return .overtaken }
        record.version = seenVersion + 1
        record.retiredAt = now
        try await recordVersion(of: record, change: .retired, fields: [], at: now, by: context.userID, on: db)
        try await closeVerificationTasks(record, on: db, at: now)
        return .done
    }

    private static func recordVersion(of entry: DirectoryEntry, change: DirectoryEntryVersion.Change, fields: [String],
                                      at now: Date, by userID: UUID?, on db: any Database) async throws {
        let version = DirectoryEntryVersion()
        version.id = UUID()
        version.$entry.id = try entry.requireID()
        version.version = entry.version
        version.change = change.rawValue
        version.changedFields = fields.joined(separator: ",")
        let snapshot = DirectoryEntryVersion.Snapshot(organisationID: entry.$organisation.id, entry: entry.draft)
        version.snapshot = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
        version.changedAt = now
        version.changedBy = userID
        try await version.create(on: db)
    }

    /// The administrators' tasks to check a verification are done once it is checked.
    private static func closeVerificationTasks(_ entry: DirectoryEntry, on db: any Database, at now: Date) async throws {
        guard let sql = db as? any SQLDatabase, let id = entry.id else { return }
        let prefix = "contact_verification:\(id.uuidString):"
        try await sql.update(PersonTask.schema).set("done_at", to: SQLBind(now))
            .where("source_key", .like, SQLBind(prefix + "%")).where("done_at", .is, SQLLiteral.null)
            .run()
    }
}

extension DirectoryEntry: NarrowableRecord {
    /// An entry belongs to the organisation that maintains it.
    static func condition(for relation: LanternCore.Relation, from viewpoint: Viewpoint, request: Request) async throws -> RecordCondition<DirectoryEntry>? {
        let own = viewpoint.context.organisationID
        return switch relation {
        case .sameOrganisation: RecordCondition { $0.filter(\.$organisation.$id == own) }
        default: nil
        }
    }
}

extension Request {
    /// The directory entry named in the path, if the person may manage it (their
    /// organisation's, or any for the board secretariat and platform administrators); 404 otherwise.
    func authoriseDirectoryEntry() async throws -> Authorised<DirectoryEntry> {
        try authorise(.manageContacts)
        guard let id = parameters.get("entryID", as: UUID.self), let entry = try await DirectoryEntry.find(id, on: db) else {
            throw LanternError.notFound
        }
        return try await authorise(.manageContacts, entry, placedAt: RecordPlacement(organisationID: entry.$organisation.id.uuidString))
    }
}
