import Fluent
import Foundation
import SQLKit
import LanternCore

/// A data key per case, and what the retention rules need. Creates `case_keys` (each case's
/// key, sealed with the field key), adds the retention columns to `cases` (closed on, Duty to
/// Notify, erased at, legal hold with its sealed reason, who and when), then gives every
/// existing case its own key and re-seals its identifying fields under it (see
/// `CaseKeyAdoption`). Everything in one transaction: a case is either fully under its own key
/// or untouched.
struct AddCaseKeysAndRetention: AsyncMigration {
    let cipher: FieldCipher
    var name: String { "013_AddCaseKeysAndRetention" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            try await tx.schema(CaseKey.schema)
                .field("case_id", .uuid, .identifier(auto: false), .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("sealed_key", .string, .required)
                .field("created_at", .datetime, .required)
                .create()
            // One column at a time: SQLite adds one per ALTER TABLE.
            try await tx.schema(CaseRecord.schema).field("closed_on", .int).update()
            try await tx.schema(CaseRecord.schema).field("duty_to_notify", .bool, .required, .sql(.default(false))).update()
            try await tx.schema(CaseRecord.schema).field("erased_at", .datetime).update()
            try await tx.schema(CaseRecord.schema).field("legal_hold", .bool, .required, .sql(.default(false))).update()
            try await tx.schema(CaseRecord.schema).field("legal_hold_reason", .string).update()
            try await tx.schema(CaseRecord.schema).field("legal_hold_by", .uuid).update()
            try await tx.schema(CaseRecord.schema).field("legal_hold_at", .datetime).update()
            guard let sql = tx as? any SQLDatabase else { return }
            // The retention sweep's question: closed cases still held, by closure day.
            try await sql.create(index: "cases_retention").on(CaseRecord.schema).column("closed_on").column("erased_at").run()
            let adopted = try await CaseKeyAdoption.adoptUnkeyed(on: sql, fieldCipher: cipher, at: Date())
            if adopted.unreadable > 0 {
                tx.logger.warning("013_AddCaseKeysAndRetention: \(adopted.unreadable) sealed values could not be opened and were left as they were")
            }
            _ = try await CaseKeyAdoption.fillRetentionColumns(on: sql)
        }
    }

    func revert(on database: any Database) async throws {}
}
