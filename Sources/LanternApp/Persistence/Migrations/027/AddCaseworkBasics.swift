import Fluent
import SQLKit

/// Casework basics (issue 12): a case's worker and second worker, its notes, and tasks on a
/// case. Existing cases get the person who recorded them as their worker. The alert job and
/// the case list read these columns in SQL: their names are fixed.
struct AddCaseworkBasics: AsyncMigration {
    var name: String { "027_AddCaseworkBasics" }

    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            // One column per statement: SQLite adds one at a time. Users are never deleted,
            // and SQLite cannot add a foreign key to an existing table, so like `created_by`
            // these carry none.
            try await tx.schema(CaseRecord.schema).field("worker_id", .uuid).update()
            try await tx.schema(CaseRecord.schema).field("second_worker_id", .uuid).update()
            try await tx.schema(PersonTask.schema).field("case_id", .uuid).update()
            try await tx.schema(CaseNote.schema)
                .id()
                .field("case_id", .uuid, .required, .references(CaseRecord.schema, "id", onDelete: .cascade))
                .field("kind", .string, .required)
                .field("noted_on", .int, .required)
                .field("sealed_note", .string, .required)
                .field("recorded_by", .uuid, .required)
                .field("recorded_at", .datetime, .required)
                .create()
            guard let sql = tx as? any SQLDatabase else { return }
            try await sql.raw("UPDATE cases SET worker_id = created_by WHERE worker_id IS NULL").run()
            // "My cases" and the alert job look cases up by worker within an organisation.
            try await sql.create(index: "cases_organisation_worker").on(CaseRecord.schema).column("organisation_id").column("worker_id").run()
            try await sql.create(index: "cases_organisation_second_worker").on(CaseRecord.schema)
                .column("organisation_id").column("second_worker_id").run()
            try await sql.create(index: "tasks_case_open").on(PersonTask.schema).column("case_id").column("done_at").run()
            try await sql.create(index: "case_notes_case_on").on(CaseNote.schema).column("case_id").column("noted_on").run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseNote.schema).delete()
        if let sql = database as? any SQLDatabase {
            try await sql.drop(index: "tasks_case_open").run()
            try await sql.drop(index: "cases_organisation_second_worker").run()
            try await sql.drop(index: "cases_organisation_worker").run()
        }
        try await database.schema(PersonTask.schema).deleteField("case_id").update()
        try await database.schema(CaseRecord.schema).deleteField("second_worker_id").update()
        try await database.schema(CaseRecord.schema).deleteField("worker_id").update()
    }
}
