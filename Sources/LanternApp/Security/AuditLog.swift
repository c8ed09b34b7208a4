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

/// An event with everything the log records about it, waiting for its place in the chain.
struct PendingAudit: Sendable {
    var event: AuditEvent
    var actor: UUID?
    var organisation: UUID?
    var requestID: String?
    var sourceAddress: String?
    var date: Date
}

/// The append-only, hash-chained audit log.
enum AuditLog {
    /// Appends one entry. Pass the transaction of the change being recorded, so the change
    /// and its audit entry are stored together or not at all.
    static func append(_ event: AuditEvent, actor: UUID?, organisation: UUID?, requestID: String?,
                       sourceAddress: String?, at date: Date, key: AuditChainKey, on database: any Database) async throws {
        try await append([PendingAudit(event: event, actor: actor, organisation: organisation, requestID: requestID,
                                       sourceAddress: sourceAddress, date: date)], key: key, on: database)
    }

    /// Appends entries in the order given, as consecutive links of the chain. Call it inside
    /// a transaction: the chain head is claimed and moved in the same one.
    static func append(_ pending: [PendingAudit], key: AuditChainKey, on database: any Database) async throws {
        guard !pending.isEmpty else { return }
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        // Claiming the numbers first takes the write lock, so appenders queue here.
        guard let head = try await sql.update(AuditHead.schema)
            .set(SQLColumn("seq"), to: SQLBinaryExpression(SQLColumn("seq"), .add, SQLLiteral.numeric(String(pending.count))))
            .where("id", .equal, 1)
            .returning("seq", "hash")
            .first() else { throw Abort(.internalServerError, reason: "the audit chain head is missing") }
        let last = try head.decode(column: "seq", as: Int64.self)
        var previousHash = try head.decode(column: "hash", as: String.self)
        var entries: [AuditEntry] = []
        entries.reserveCapacity(pending.count)
        for (offset, item) in pending.enumerated() {
            let record = AuditRecord(sequence: last - Int64(pending.count) + 1 + Int64(offset),
                                     occurredAtMillis: Int64((item.date.timeIntervalSince1970 * 1000).rounded()),
                                     actorUserID: item.actor?.uuidString, organisationID: item.organisation?.uuidString,
                                     action: item.event.action, recordType: item.event.recordType, recordID: item.event.recordID,
                                     outcome: item.event.outcome.rawValue, requestID: item.requestID, sourceAddress: item.sourceAddress)
            previousHash = record.chainHash(previous: previousHash, key: key)
            entries.append(AuditEntry(record, hash: previousHash))
        }
        try await entries.create(on: database)
        try await sql.update(AuditHead.schema).set("hash", to: previousHash).where("id", .equal, 1).run()
    }

    /// The chain's head, to be written down outside the database (`lantern audit anchor`).
    static func anchor(on database: any Database) async throws -> AuditChain.Anchor {
        guard let head = try await AuditHead.find(1, on: database) else { throw Abort(.internalServerError) }
        return AuditChain.Anchor(sequence: head.sequence, hash: head.hash)
    }

    /// Appends an entry for something done from the server's shell (`lantern import`,
    /// `lantern user …`): no address, and "cli" where a request id would be.
    static func appendFromCommandLine(_ event: AuditEvent, actor: UUID? = nil, organisation: UUID?, at date: Date,
                                      key: AuditChainKey, on database: any Database) async throws {
        try await append(event, actor: actor, organisation: organisation, requestID: "cli", sourceAddress: nil,
                         at: date, key: key, on: database)
    }

    /// Appends inside its own transaction when there is no change to bundle it with.
    static func appendAlone(_ event: AuditEvent, actor: UUID?, organisation: UUID?, requestID: String?,
                            sourceAddress: String?, at date: Date, key: AuditChainKey, on database: any Database) async throws {
        try await database.transaction { tx in
            try await append(event, actor: actor, organisation: organisation, requestID: requestID,
                             sourceAddress: sourceAddress, at: date, key: key, on: tx)
        }
    }

    /// Reads the whole log in sequence order, in pages, and checks the chain (and, when one
    /// is given, that it still holds the anchor written down earlier).
    static func verify(key: AuditChainKey, anchor: AuditChain.Anchor? = nil, on database: any Database) async throws -> AuditChain.Verdict {
        var verifier = AuditChain.Verifier(key: key, anchor: anchor)
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
        let address = clientAddress
        let pending = PendingAudit(event: event, actor: actor, organisation: organisation, requestID: traceID,
                                   sourceAddress: address, date: application.lantern.now)
        if let database {
            try await AuditLog.append([pending], key: application.lantern.auditChainKey, on: database)
        } else {
            // Nothing to bundle it with: it joins the next group commit (see AuditWriter).
            try await application.lantern.auditWriter.append(pending, key: application.lantern.auditChainKey, on: db)
        }
    }
}
