import Fluent
import SQLKit

/// Shares that are answered (issue 12): what a share is for (its purpose kind), the day its
/// recipient must answer by, the answer (awaiting, accepted, declined with a reason sealed with
/// the case's key), who answered and when, and when the daily job chased the recipient and
/// escalated to the sharer's leads. Shares made before this count as accepted. The answer and
/// the job read these columns in SQL: their names are fixed.
struct AddShareAnswers: AsyncMigration {
    var name: String { "030_AddShareAnswers" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            // One column per statement: SQLite adds one at a time.
            try await tx.schema("case_shares").field("purpose_kind", .string, .required, .sql(.default("other"))).update()
            try await tx.schema("case_shares").field("answer_due_on", .int).update()
            try await tx.schema("case_shares").field("answer_state", .string, .required, .sql(.default("accepted"))).update()
            try await tx.schema("case_shares").field("answered_at", .datetime).update()
            try await tx.schema("case_shares").field("answered_by", .uuid).update()
            try await tx.schema("case_shares").field("sealed_answer_reason", .string).update()
            try await tx.schema("case_shares").field("chased_on", .int).update()
            try await tx.schema("case_shares").field("escalated_at", .datetime).update()
            guard let sql = tx as? any SQLDatabase else { return }
            // The daily job looks for awaiting shares past their answer-by day.
            try await sql.create(index: "case_shares_answer_due").on("case_shares").column("answer_state").column("answer_due_on").run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "case_shares_answer_due").run() }
        for field in ["escalated_at", "chased_on", "sealed_answer_reason", "answered_by", "answered_at", "answer_state",
                      "answer_due_on", "purpose_kind"] {
            try await database.schema("case_shares").deleteField(.string(field)).update()
        }
    }
}
