import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// The minutes' writes. Each is audited in its own transaction (ids only). A step is one
/// conditional update naming the state it starts from, so of many requests at once exactly
/// one moves the minutes on; a published version is never updated, and a correction is a
/// new row whose unique `supersedes_id` lets one correction of a version through.
enum MinutesService {
    /// The first draft of a meeting's minutes: an empty minute for each agenda item, in order.
    /// Nil when the meeting already has minutes (someone started them at the same moment).
    static func startDraft(meeting: Meeting, group: Authorised<PartnershipGroup>, services: LanternServices,
                           request: Request) async throws -> GovernanceMinutes? {
        let context = try group.context(for: .manageGroup)
        let meetingID = try meeting.requireID()
        let items = try await AgendaItem.query(on: request.db).filter(\.$meeting.$id == meetingID).sort(\.$position).all()
        let document = MinutesDocument(general: "", items: items.map {
            .init(agendaItemID: $0.id?.uuidString ?? "", title: $0.title, isConfidential: $0.isConfidential, text: "")
        })
        let minutes = GovernanceMinutes()
        minutes.id = UUID()
        minutes.groupID = meeting.$group.id
        minutes.meetingID = meetingID
        minutes.version = 1
        minutes.state = MinutesState.draft.rawValue
        minutes.body = GovernanceMinutes.encode(document)
        minutes.withheldNamesJSON = GovernanceMinutes.encode([String]())
        minutes.createdAt = services.now
        minutes.createdBy = context.userID
        do {
            try await request.db.transaction { tx in
                try await minutes.create(on: tx)
                try await request.audit(AuditEvent(action: "minutes.drafted", recordType: "governance_minutes", recordID: minutes.id?.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return nil
        }
        return minutes
    }

    /// Saves a draft's text and withheld names; only while it is a draft (false otherwise).
    static func saveDraft(_ minutesID: UUID, document: MinutesDocument, names: [String], request: Request) async throws -> Bool {
        try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let row = try await sql.update(GovernanceMinutes.schema)
                .set("body", to: GovernanceMinutes.encode(document))
                .set("withheld_names", to: GovernanceMinutes.encode(names))
                .where("id", .equal, minutesID).where("state", .equal, MinutesState.draft.rawValue)
                .returning("id").first()
            guard row != nil else { return false }
            try await request.audit(AuditEvent(action: "minutes.edited", recordType: "governance_minutes", recordID: minutesID.uuidString), on: tx)
            return true
        }
    }

    /// Takes one step in one statement: `WHERE id = … AND state = <step.from>`. False when the
    /// minutes were no longer there (another request took the step first).
    static func take(_ step: MinutesStep, minutesID: UUID, by userID: UUID, approvingMeetingID: UUID? = nil,
                     services: LanternServices, request: Request, after: (@Sendable (any Database) async throws -> Void)? = nil) async throws -> Bool {
        let today = services.today.daysSinceEpoch
        return try await request.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            var update = sql.update(GovernanceMinutes.schema).set("state", to: step.to.rawValue)
            switch step {
            case .circulate: update = update.set("circulated_on", to: today)
            case .approve:
                update = update.set("approved_on", to: today).set("approved_by", to: userID)
                    .set("approved_at_meeting_id", to: approvingMeetingID)
            case .publish: update = update.set("published_on", to: today).set("published_by", to: userID)
            }
            let row = try await update.where("id", .equal, minutesID).where("state", .equal, step.from.rawValue)
                .returning("id").first()
            guard row != nil else { return false }
            let code = switch step {
            case .circulate: "minutes.circulated"
            case .approve: "minutes.approved"
            case .publish: "minutes.published"
            }
            try await request.audit(AuditEvent(action: code, recordType: "governance_minutes", recordID: minutesID.uuidString), on: tx)
            try await after?(tx)
            return true
        }
    }

    /// Each member in membership today gets a task (and, with mail configured, an email) to
    /// read the circulated minutes: once per member however often this runs.
    static func tellMembers(minutesID: UUID, groupID: UUID, meetingID: UUID, services: LanternServices, on db: any Database) async throws {
        let members = try await GroupMember.query(on: db).filter(\.$group.$id == groupID).inForce(on: services.today).all()
        for userID in Set(members.map { $0.$user.id }) {
            try await TaskService.create(ownerID: userID, title: MinutesRules.circulatedTaskTitle,
                                         link: .meetingMinutes(meetingID.uuidString), due: nil,
                                         sourceKey: "governance_minutes_circulated:\(minutesID.uuidString)", services: services, on: db)
        }
    }

    /// A correction of a published version: a new published version with the corrected text,
    /// a dated note, and `supersedes_id` naming the old one, which stays as it was. Nil when
    /// the version was corrected by someone else at the same moment.
    static func correct(_ old: GovernanceMinutes, document: MinutesDocument, names: [String], note: String,
                        group: Authorised<PartnershipGroup>, services: LanternServices, request: Request) async throws -> GovernanceMinutes? {
        let context = try group.context(for: .manageGroup)
        let versions = try await GovernanceMinutes.query(on: request.db).filter(\.$meetingID == old.meetingID).all().map(\.version)
        let minutes = GovernanceMinutes()
        minutes.id = UUID()
        minutes.groupID = old.groupID
        minutes.meetingID = old.meetingID
        minutes.version = MinutesRules.nextVersion(after: versions)
        minutes.state = MinutesState.published.rawValue
        minutes.body = GovernanceMinutes.encode(document)
        minutes.withheldNamesJSON = GovernanceMinutes.encode(names)
        minutes.circulatedOn = old.circulatedOn
        minutes.approvedBy = old.approvedBy
        minutes.approvedAtMeetingID = old.approvedAtMeetingID
        minutes.approvedOn = old.approvedOn
        minutes.publishedOn = services.today.daysSinceEpoch
        minutes.publishedBy = context.userID
        minutes.correctionNote = note
        minutes.supersedesID = try old.requireID()
        minutes.createdAt = services.now
        minutes.createdBy = context.userID
        do {
            try await request.db.transaction { tx in
                try await minutes.create(on: tx)
                try await request.audit(AuditEvent(action: "minutes.corrected", recordType: "governance_minutes", recordID: minutes.id?.uuidString), on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return nil
        }
        return minutes
    }
}
