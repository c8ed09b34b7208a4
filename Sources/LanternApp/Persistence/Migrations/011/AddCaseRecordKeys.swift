import Fluent
import Foundation
import SQLKit
import LanternCore

/// Record keys for the cell key method: a random key 0–255 on each case, and on each of its
/// exploitation-type mentions the key derived from it (`RecordKey.mentionKey(code:)`). Cases
/// recorded before get random keys now; what matters is that each is uniform and fixed.
struct AddCaseRecordKeys: AsyncMigration {
    var name: String { "011_AddCaseRecordKeys" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CaseRecord.schema).field("record_key", .int, .required, .sql(.default(0))).update()
        try await database.schema(CaseExploitationType.schema).field("mention_key", .int, .required, .sql(.default(0))).update()
        try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return }
            var generator = SystemRandomNumberGenerator()
            let ids = try await sql.select().column("id").from(CaseRecord.schema).all().map { try $0.decode(column: "id", as: UUID.self) }
            for id in ids {
                let key = RecordKey.random(using: &generator)
                try await sql.update(CaseRecord.schema).set("record_key", to: key.value).where("id", .equal, id).run()
                for type in ExploitationType.allCases {
                    try await sql.update(CaseExploitationType.schema).set("mention_key", to: key.mentionKey(code: type.rawValue).value)
                        .where("case_id", .equal, id).where("type", .equal, type.rawValue).run()
                }
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CaseExploitationType.schema).deleteField("mention_key").update()
        try await database.schema(CaseRecord.schema).deleteField("record_key").update()
    }
}
