import Fluent
import SQLKit
import Vapor
import LanternCore

/// What happened, to be appended to the audit log. Never holds personal data: records are
/// named by id, people by user id.
struct AuditEvent: Sendable {
    var action: String
    var recordType: String?
    var recordID: String?
    var outcome: Outcome = .succeeded
    /// Overrides the signed-in user (e.g. a failed sign-in for a known account).
    var actorUserID: UUID?
    var organisationID: UUID?

    enum Outcome: String, Sendable { case succeeded, failed, denied }
}

/// The append-only, hash-chained audit log.
enum AuditLog {
    /// Appends one entry. Pass the transaction of the change being recorded, so the change
    /// and its audit entry are stored together or not at all.
    static func append(_ event: AuditEvent, actor: UUID?, organisation: UUID?, requestID: String?,
                       sourceAddress: String?, at date: Date, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        // Claiming the next number first takes the write lock, so appenders queue here.
        guard let head = try await sql.update(AuditHead.schema)
            .set(SQLColumn("seq"), to: SQLBinaryExpression(SQLColumn("seq"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, 1)
            .returning("seq", "hash")
            .first() else { throw Abort(.internalServerError, reason: "the audit chain head is missing") }
        let sequence = try head.decode(column: "seq", as: Int64.self)
        let previousHash = try head.decode(column: "hash", as: String.self)
        let record = AuditRecord(sequence: sequence, occurredAtMillis: Int64((date.timeIntervalSince1970 * 1000).rounded()),
                                 actorUserID: actor?.uuidString, organisationID: organisation?.uuidString,
                                 action: event.action, recordType: event.recordType, recordID: event.recordID,
                                 outcome: event.outcome.rawValue, requestID: requestID, sourceAddress: sourceAddress)
        let hash = record.chainHash(previous: previousHash)
        try await AuditEntry(record, hash: hash).create(on: database)
        try await sql.update(AuditHead.schema).set("hash", to: hash).where("id", .equal, 1).run()
    }

    /// Appends inside its own transaction when there is no change to bundle it with.
    static func appendAlone(_ event: AuditEvent, actor: UUID?, organisation: UUID?, requestID: String?,
                            sourceAddress: String?, at date: Date, on database: any Database) async throws {
        try await database.transaction { tx in
            try await append(event, actor: actor, organisation: organisation, requestID: requestID,
                             sourceAddress: sourceAddress, at: date, on: tx)
        }
    }

    /// Reads the whole log in sequence order, in pages, and checks the chain.
    static func verify(on database: any Database) async throws -> AuditChain.Verdict {
        var verifier = AuditChain.Verifier()
        var after: Int64 = 0
        let pageSize = 5_000
        while true {
            let page = try await AuditEntry.query(on: database)
                .filter(\.$id > after).sort(\.$id).limit(pageSize).all()
            for entry in page { verifier.check(entry.record, storedHash: entry.hash) }
            guard let last = page.last?.id, page.count == pageSize else { break }
            after = last
        }
        guard let head = try await AuditHead.find(1, on: database) else {
            return .broken(sequence: 0, reason: "the audit chain head is missing")
        }
        return verifier.verdict(headSequence: head.sequence, headHash: head.hash)
    }
}

extension Request {
    /// Records an event for the signed-in person (if any) with this request's id and address.
    func audit(_ event: AuditEvent, on database: (any Database)? = nil) async throws {
        let context = lantern.signIn
        let actor = event.actorUserID ?? context?.user.id
        let organisation = event.organisationID ?? context?.user.$organisation.id
        let address = remoteAddress?.ipAddress
        let date = application.lantern.now
        if let database {
            try await AuditLog.append(event, actor: actor, organisation: organisation, requestID: id,
                                      sourceAddress: address, at: date, on: database)
        } else {
            try await AuditLog.appendAlone(event, actor: actor, organisation: organisation, requestID: id,
                                           sourceAddress: address, at: date, on: db)
        }
    }
}
