import Fluent
import Foundation
import SQLKit
import Vapor
import LanternCore

/// The search index of cases: keyed hashes of each case's normalised name words and date of
/// birth (`CaseSearchTokens`, `CaseSearchKey`), in `case_search_tokens`. Never a plaintext
/// word: what is stored cannot be read back, only matched by someone holding the field key.
enum CaseSearchIndex {
    static let schema = "case_search_tokens"

    static func key(_ services: LanternServices) -> CaseSearchKey { CaseSearchKey(fieldCipher: services.cipher) }

    /// The stored values for a case's referral details (before the organisation-bound hash).
    static func tokens(of details: ReferralDetails) -> Set<String> {
        CaseSearchTokens.indexTokens(firstName: details.firstName, lastName: details.lastName, nickname: details.nickname,
                                     dateOfBirth: details.dateOfBirth.flatMap(Day.init(iso:)))
    }

    /// Replaces a case's tokens with those of `details`. Call inside the transaction that
    /// stores the case or its new referral details, after the case row is written.
    static func write(caseID: UUID, organisationID: UUID, details: ReferralDetails, services: LanternServices,
                      on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.delete(from: schema).where("case_id", .equal, caseID).run()
        try await insert([(caseID, organisationID, tokens(of: details))], key: key(services), on: sql)
        try await sql.update(CaseRecord.schema).set("search_tokens_version", to: CaseSearchTokens.version)
            .where("id", .equal, caseID).run()
    }

    /// Removes a case's tokens (erasure: its name must no longer be findable).
    static func delete(caseID: UUID, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.delete(from: schema).where("case_id", .equal, caseID).run()
    }

    /// Inserts hashed tokens for several cases (duplicates from a concurrent writer are ignored).
    static func insert(_ cases: [(caseID: UUID, organisationID: UUID, tokens: Set<String>)], key: CaseSearchKey,
                       on sql: any SQLDatabase) async throws {
        var rows: [[any Encodable & Sendable]] = []
        for item in cases {
            for hash in key.hashes(item.tokens, organisationID: item.organisationID) { rows.append([item.caseID, item.organisationID, hash]) }
        }
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + 3_000)]
            var builder = sql.insert(into: schema).columns("case_id", "organisation_id", "token")
            for row in chunk { builder = builder.values(row) }
            try await builder.ignoringConflicts().run()
            start += 3_000
        }
    }

    // MARK: Backfill

    /// Indexes every case not yet indexed under the current rules, `batch` at a time, each
    /// batch in one transaction. Erased cases (no key) are marked with no tokens. Safe on
    /// several nodes at once (the inserts ignore duplicates). Returns how many were indexed.
    @discardableResult
    static func backfill(services: LanternServices, on database: any Database, batch: Int = 500) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { return 0 }
        let key = key(services)
        var done = 0
        while !Task.isCancelled {
            let rows = try await sql.select().column("id").column("organisation_id").column("sealed_referral")
                .from(CaseRecord.schema)
                .where(SQLColumn("search_tokens_version"), .is, SQLLiteral.null)
                .orWhere("search_tokens_version", .lessThan, CaseSearchTokens.version)
                .limit(batch).all()
            guard !rows.isEmpty else { return done }
            var items: [(caseID: UUID, organisationID: UUID, sealed: String)] = []
            for row in rows {
                items.append((try row.decode(column: "id", as: UUID.self), try row.decode(column: "organisation_id", as: UUID.self),
                              try row.decode(column: "sealed_referral", as: String?.self) ?? ""))
            }
            let ids = items.map(\.caseID)
            let ciphers = try await services.caseKeys.ciphers(for: Set(ids), on: database)
            var indexed: [(caseID: UUID, organisationID: UUID, tokens: Set<String>)] = []
            for item in items {
                let context = "case.referral:\(item.caseID.uuidString)"
                // Cases written before case keys existed (and generated demo cases) are sealed with the field key.
                let cipher = ciphers[item.caseID] ?? services.cipher
                guard !item.sealed.isEmpty, let json = try? cipher.open(item.sealed, context: context),
                      let details = try? JSONDecoder().decode(ReferralDetails.self, from: Data(json.utf8)) else { continue }
                indexed.append((item.caseID, item.organisationID, tokens(of: details)))
            }
            let rowsToWrite = indexed
            try await database.transaction { tx in
                guard let tx = tx as? any SQLDatabase else { return }
                try await tx.delete(from: schema).where("case_id", .in, ids).run()
                try await insert(rowsToWrite, key: key, on: tx)
                try await tx.update(CaseRecord.schema).set("search_tokens_version", to: CaseSearchTokens.version)
                    .where("id", .in, ids).run()
            }
            done += rows.count
            if rows.count < batch { return done }
        }
        return done
    }

    // MARK: Searching

    /// The ids of the organisation's cases holding every token, at most `limit`. One join per
    /// token beyond the first, each through the (organisation, token) index, so the database
    /// starts from the rarest.
    static func caseIDs(matching tokens: Set<String>, organisationID: UUID, limit: Int, services: LanternServices,
                        on database: any Database) async throws -> [UUID] {
        guard let sql = database as? any SQLDatabase, !tokens.isEmpty else { return [] }
        let hashes = key(services).hashes(tokens, organisationID: organisationID)
        var query: SQLQueryString = "SELECT t0.case_id FROM \(ident: schema) t0"
        for index in hashes.indices.dropFirst() {
            let alias = "t\(index)"
            query += " JOIN \(ident: schema) \(ident: alias) ON \(ident: alias).case_id = t0.case_id AND \(ident: alias).organisation_id = \(bind: organisationID) AND \(ident: alias).token = \(bind: hashes[index])"
        }
        query += " WHERE t0.organisation_id = \(bind: organisationID) AND t0.token = \(bind: hashes[0]) LIMIT \(literal: limit)"
        return try await sql.raw(query).all().map { try $0.decode(column: "case_id", as: UUID.self) }
    }
}

/// Indexes older cases when a node starts serving, in the background (a large database is
/// searchable case by case as it goes; `lantern reindex-search` does the same in the foreground).
struct CaseSearchBackfill: LifecycleHandler {
    let task = TaskBox()

    final class TaskBox: @unchecked Sendable {
        // Written once at boot and read at shutdown, both on the lifecycle's thread.
        var task: Task<Void, Never>?
    }

    func didBootAsync(_ app: Application) async throws {
        task.task = Task {
            do {
                let indexed = try await CaseSearchIndex.backfill(services: app.lantern, on: app.db)
                if indexed > 0 { app.logger.info("case search: indexed older cases", metadata: ["cases": .stringConvertible(indexed)]) }
            } catch {
                app.logger.warning("case search: indexing older cases failed",
                                   metadata: ["error_type": .string(String(describing: type(of: error)))])
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        guard let running = task.task else { return }
        running.cancel()
        await running.value
    }
}

/// `lantern reindex-search`: indexes every case not yet in the search index (or indexed under
/// older rules); `--all` indexes every case again.
struct ReindexSearchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "all", help: "index every case again, not only those not yet indexed")
        var all: Bool
    }

    var help: String { "Indexes cases for search by name and date of birth (keyed hashes only)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.all, let sql = app.db as? any SQLDatabase {
            try await sql.update(CaseRecord.schema).set("search_tokens_version", to: SQLLiteral.null).run()
        }
        let indexed = try await CaseSearchIndex.backfill(services: app.lantern, on: app.db)
        context.console.print("reindex-search: \(indexed) cases indexed")
    }
}
