import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// A case's accommodation, support and contact log as the pages show them: rows with their
/// sealed text opened (only when the viewer may read it).
struct AccommodationRecord {
    struct Stay {
        var id: String
        var kind: String
        var provider: String?
        var boroughCode: String?
        var from: Day
        var until: Day?
        var endReason: String?
        var note: String?
    }

    struct Support {
        var id: String
        var kind: String
        var provider: String?
        var from: Day
        var until: Day?
        var endReason: String?
        var note: String?
    }

    struct Contact {
        var id: String
        var on: Day
        var method: String
        var note: String?
    }

    /// Newest first.
    var stays: [Stay] = []
    /// Newest first.
    var support: [Support] = []
    /// Newest first.
    var contacts: [Contact] = []

    /// Where the person is now: the stay with no end.
    var current: Stay? { stays.first { $0.until == nil } }

    /// The latest day the person was reached (an attempt is not contact).
    var lastContact: Contact? { contacts.first { ContactMethod(rawValue: $0.method)?.isContact ?? true } }

    /// The latest attempt that did not reach the person, when later than the last contact.
    var lastAttempt: Contact? {
        guard let attempt = contacts.first(where: { $0.method == ContactMethod.attempted.rawValue }) else { return nil }
        return lastContact.map { attempt.on > $0.on ? attempt : nil } ?? attempt
    }
}

/// Reads and writes a case's accommodation, support and contact log. Each write runs in one
/// transaction that first takes the case's row lock (PostgreSQL) or the write lock (SQLite),
/// then reads the case's episodes, checks the rules (`EpisodeRules`) and writes: two requests
/// racing to record overlapping stays queue on the lock, and the second sees the first.
struct AccommodationStore {
    let request: Request

    enum Parts { case stays, support, contacts }

    /// The case's records; providers and notes opened with the case's cipher when `sealed` is
    /// true (the owner's view) and the case is not erased.
    static func load(_ caseID: UUID, parts: Set<Parts>, cipher: FieldCipher?, openProviders: Bool, openNotes: Bool,
                     on db: any Database) async throws -> AccommodationRecord {
        var record = AccommodationRecord()
        func open(_ sealed: String?, _ context: String, _ allowed: Bool) throws -> String? {
            guard allowed, let sealed, let cipher else { return nil }
            return try cipher.open(sealed, context: context)
        }
        if parts.contains(.stays) {
            record.stays = try await AccommodationEpisode.query(on: db).filter(\.$case.$id == caseID)
                .sort(\.$fromDay, .descending).sort(\.$recordedAt, .descending).all().map { row in
                    AccommodationRecord.Stay(id: row.id?.uuidString ?? "", kind: row.kind,
                                             provider: try open(row.sealedProvider, row.providerContext, openProviders),
                                             boroughCode: row.boroughCode, from: Day(daysSinceEpoch: row.fromDay),
                                             until: row.untilDay.map(Day.init(daysSinceEpoch:)), endReason: row.endReason,
                                             note: try open(row.sealedNote, row.noteContext, openNotes))
                }
        }
        if parts.contains(.support) {
            record.support = try await SupportEpisode.query(on: db).filter(\.$case.$id == caseID)
                .sort(\.$fromDay, .descending).sort(\.$recordedAt, .descending).all().map { row in
                    AccommodationRecord.Support(id: row.id?.uuidString ?? "", kind: row.kind,
                                                provider: try open(row.sealedProvider, row.providerContext, openProviders),
                                                from: Day(daysSinceEpoch: row.fromDay), until: row.untilDay.map(Day.init(daysSinceEpoch:)),
                                                endReason: row.endReason, note: try open(row.sealedNote, row.noteContext, openNotes))
                }
        }
        if parts.contains(.contacts) {
            record.contacts = try await ContactLogEntry.query(on: db).filter(\.$case.$id == caseID)
                .sort(\.$contactOn, .descending).sort(\.$recordedAt, .descending).all().map { row in
                    AccommodationRecord.Contact(id: row.id?.uuidString ?? "", on: Day(daysSinceEpoch: row.contactOn), method: row.method,
                                                note: try open(row.sealedNote, row.noteContext, openNotes))
                }
        }
        return record
    }

    /// Takes the case's lock for the rest of the transaction: an UPDATE that changes nothing
    /// holds the row (PostgreSQL) or the database's write lock (SQLite) until commit.
    static func lockCase(_ caseID: UUID, on tx: any Database) async throws {
        guard let sql = tx as? any SQLDatabase else { throw LanternError.conflict("this database cannot hold accommodation episodes") }
        try await sql.raw("UPDATE cases SET reference = reference WHERE id = \(bind: caseID)").run()
    }

    private var now: Date { request.application.lantern.now }

    private func seal(_ text: String?, _ context: String, _ cipher: FieldCipher) throws -> String? {
        try text.map { try cipher.seal($0, context: context) }
    }

    /// Records a stay (and ends the open one on its first day, when asked); the problems
    /// when the rules refuse it, nothing written.
    func addStay(_ input: EpisodeRules.AccommodationInput, to access: AccessibleCase, l: Localiser) async throws -> ValidationProblems {
        let cipher = try access.cipher
        let caseID = try access.record.requireID(), userID = try request.requireSignedIn().userID
        let today = request.today, boroughs = request.application.lantern.boroughs, now = now
        return try await request.db.transaction { tx in
            try await Self.lockCase(caseID, on: tx)
            let existing = try await AccommodationEpisode.query(on: tx).filter(\.$case.$id == caseID).all()
            let (draft, problems) = EpisodeRules.checkAccommodation(input, existing: existing.map(\.span), today: today, boroughs: boroughs, l: l)
            guard let draft else { return problems }
            if let endingID = draft.endsEpisodeID, let open = existing.first(where: { $0.id?.uuidString == endingID }) {
                open.untilDay = draft.from.daysSinceEpoch
                open.endReason = AccommodationEndReason.movedOn.rawValue
                try await open.save(on: tx)
                try await request.audit(AuditEvent(action: "case.accommodation_ended", recordType: "case", recordID: caseID.uuidString), on: tx)
            }
            let row = AccommodationEpisode()
            row.id = UUID()
            row.$case.id = caseID
            row.kind = draft.kind.rawValue
            row.sealedProvider = try seal(draft.provider, row.providerContext, cipher)
            row.boroughCode = draft.boroughCode
            row.fromDay = draft.from.daysSinceEpoch
            row.untilDay = draft.until?.daysSinceEpoch
            row.sealedNote = try seal(draft.note, row.noteContext, cipher)
            row.recordedBy = userID
            row.recordedAt = now
            try await row.create(on: tx)
            try await request.audit(AuditEvent(action: "case.accommodation_added", recordType: "case", recordID: caseID.uuidString), on: tx)
            return problems
        }
    }

    /// Ends a stay; the note, if any, is added to the stay's note.
    func endStay(_ id: UUID, on: String?, reason: String?, note: String?, of access: AccessibleCase, l: Localiser) async throws -> ValidationProblems {
        let cipher = try access.cipher
        let caseID = try access.record.requireID(), today = request.today
        return try await request.db.transaction { tx in
            try await Self.lockCase(caseID, on: tx)
            guard let row = try await AccommodationEpisode.query(on: tx).filter(\.$id == id).filter(\.$case.$id == caseID).first() else {
                throw LanternError.notFound
            }
            let (ending, problems) = EpisodeRules.checkEnd(row.span, on: on, reason: reason, note: note,
                                                           reasons: AccommodationEndReason.allCases.map(\.rawValue), today: today, l: l)
            guard let ending else { return problems }
            row.untilDay = ending.on.daysSinceEpoch
            row.endReason = ending.reason
            row.sealedNote = try Self.appending(ending.note, to: row.sealedNote, context: row.noteContext, cipher: cipher)
            try await row.save(on: tx)
            try await request.audit(AuditEvent(action: "case.accommodation_ended", recordType: "case", recordID: caseID.uuidString), on: tx)
            return problems
        }
    }

    func addSupport(_ input: EpisodeRules.SupportInput, to access: AccessibleCase, l: Localiser) async throws -> ValidationProblems {
        let cipher = try access.cipher
        let caseID = try access.record.requireID(), userID = try request.requireSignedIn().userID
        let today = request.today, now = now
        return try await request.db.transaction { tx in
            try await Self.lockCase(caseID, on: tx)
            let existing = try await SupportEpisode.query(on: tx).filter(\.$case.$id == caseID).all()
            let (draft, problems) = EpisodeRules.checkSupport(input, existing: existing.map(\.span), today: today, l: l)
            guard let draft else { return problems }
            let row = SupportEpisode()
            row.id = UUID()
            row.$case.id = caseID
            row.kind = draft.kind.rawValue
            row.sealedProvider = try seal(draft.provider, row.providerContext, cipher)
            row.fromDay = draft.from.daysSinceEpoch
            row.untilDay = draft.until?.daysSinceEpoch
            row.sealedNote = try seal(draft.note, row.noteContext, cipher)
            row.recordedBy = userID
            row.recordedAt = now
            try await row.create(on: tx)
            try await request.audit(AuditEvent(action: "case.support_added", recordType: "case", recordID: caseID.uuidString), on: tx)
            return problems
        }
    }

    func endSupport(_ id: UUID, on: String?, reason: String?, note: String?, of access: AccessibleCase, l: Localiser) async throws -> ValidationProblems {
        let cipher = try access.cipher
        let caseID = try access.record.requireID(), today = request.today
        return try await request.db.transaction { tx in
            try await Self.lockCase(caseID, on: tx)
            guard let row = try await SupportEpisode.query(on: tx).filter(\.$id == id).filter(\.$case.$id == caseID).first() else {
                throw LanternError.notFound
            }
            let (ending, problems) = EpisodeRules.checkEnd(row.span, on: on, reason: reason, note: note,
                                                           reasons: SupportEndReason.allCases.map(\.rawValue), today: today, l: l)
            guard let ending else { return problems }
            row.untilDay = ending.on.daysSinceEpoch
            row.endReason = ending.reason
            row.sealedNote = try Self.appending(ending.note, to: row.sealedNote, context: row.noteContext, cipher: cipher)
            try await row.save(on: tx)
            try await request.audit(AuditEvent(action: "case.support_ended", recordType: "case", recordID: caseID.uuidString), on: tx)
            return problems
        }
    }

    func logContact(on: String?, method: String?, note: String?, to access: AccessibleCase, l: Localiser) async throws -> ValidationProblems {
        let cipher = try access.cipher
        let caseID = try access.record.requireID(), userID = try request.requireSignedIn().userID
        let (draft, problems) = EpisodeRules.checkContact(on: on, method: method, note: note, today: request.today, l: l)
        guard let draft else { return problems }
        let row = ContactLogEntry()
        row.id = UUID()
        row.$case.id = caseID
        row.contactOn = draft.on.daysSinceEpoch
        row.method = draft.method.rawValue
        row.sealedNote = try seal(draft.note, row.noteContext, cipher)
        row.recordedBy = userID
        row.recordedAt = now
        try await request.db.transaction { tx in
            try await row.create(on: tx)
            try await request.audit(AuditEvent(action: "case.contact_logged", recordType: "case", recordID: caseID.uuidString), on: tx)
        }
        return problems
    }

    /// A note with `addition` after a blank line, sealed again.
    static func appending(_ addition: String?, to sealed: String?, context: String, cipher: FieldCipher) throws -> String? {
        guard let addition else { return sealed }
        let before = try sealed.map { try cipher.open($0, context: context) }
        return try cipher.seal([before, addition].compactMap { $0 }.joined(separator: "\n\n"), context: context)
    }
}
