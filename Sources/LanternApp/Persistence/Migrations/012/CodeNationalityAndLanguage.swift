import Fluent
import Foundation
import SQLKit
import LanternCore

/// Nationality and main language become codes. Earlier versions stored them as typed text in
/// clear columns, so every value became a statistics row label any organisation with access
/// could read, and some could name the person. Each distinct text is mapped with
/// `CodedList.code(matching:)` (a name, demonym or code of the list; anything else becomes
/// OTHER or other, never a guess); the interpreter's language inside the sealed referral
/// details is mapped the same way. Codes are left alone, so a second run changes nothing.
///
/// Written in SQL against the columns as they are at 012, not through the models, so later
/// columns cannot break it; the referral is opened with the sealing of 012
/// (`case.referral:<id>`, as `CaseRecord.referralSealContext`). One transaction.
struct CodeNationalityAndLanguage: AsyncMigration {
    let cipher: FieldCipher
    /// Sealed referrals are read this many at a time, in id order.
    var pageSize = 1_000
    var name: String { "012_CodeNationalityAndLanguage" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            try await Self.code(column: "nationality", with: .nationalities, on: sql)
            try await Self.code(column: "language", with: .languages, on: sql)
            let unreadable = try await codeInterpreterLanguages(on: sql)
            if unreadable > 0 {
                tx.logger.warning("012_CodeNationalityAndLanguage: \(unreadable) sealed referrals could not be opened and were left as they were")
            }
        }
    }

    func revert(on database: any Database) async throws {}

    /// One UPDATE per distinct text, not per case: a million cases hold a few hundred values.
    static func code(column: String, with list: CodedList, on sql: any SQLDatabase) async throws {
        let values = try await sql.select().distinct().column(column).from("cases")
            .where(SQLColumn(column), .isNot, SQLLiteral.null).all()
            .map { try $0.decode(column: column, as: String.self) }
        for text in values where !list.contains(text) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let code: String? = trimmed.isEmpty ? nil : list.code(matching: trimmed)
            try await sql.update("cases").set(column, to: code).where(column, .equal, text).run()
        }
    }

    /// Opens every referral, a page at a time, and seals again only those whose
    /// interpreter's language changes. Returns how many could not be opened.
    func codeInterpreterLanguages(on sql: any SQLDatabase) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var after: UUID?
        var unreadable = 0
        while true {
            var query = sql.select().column("id").column("sealed_referral").from("cases")
            if let after { query = query.where("id", .greaterThan, after) }
            let rows = try await query.orderBy("id").limit(pageSize).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let sealed = try row.decode(column: "sealed_referral", as: String.self)
                let context = "case.referral:\(id.uuidString)"
                guard let json = try? cipher.open(sealed, context: context),
                      var details = try? JSONDecoder().decode(ReferralDetails.self, from: Data(json.utf8)) else {
                    unreadable += 1
                    continue
                }
                guard let text = details.interpreterLanguage, !CodedList.languages.contains(text) else { continue }
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                details.interpreterLanguage = trimmed.isEmpty ? nil : CodedList.languages.code(matching: trimmed)
                let resealed = try cipher.seal(String(decoding: try encoder.encode(details), as: UTF8.self), context: context)
                try await sql.update("cases").set("sealed_referral", to: resealed).where("id", .equal, id).run()
            }
            guard rows.count == pageSize, let last = rows.last else { return unreadable }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }
}
