import Fluent
import Foundation
import SQLKit
import LanternCore

/// The quarter each case's NRM referral was submitted, so the annual report counts
/// referrals (not Duty to Notify reports or cases still being prepared) with one GROUP BY.
struct AddCaseReferredQuarter: AsyncMigration {
    var name: String { "006_AddCaseReferredQuarter" }

    func prepare(on database: any Database) async throws {
        try await database.schema(CaseRecord.schema).field("referred_quarter", .int).update()
        guard let sql = database as? any SQLDatabase else { return }
        // Fill in cases recorded before this migration from their stored pathway state, in
        // plain SQL so later fields of the model cannot break this migration.
        let referred = try await sql.select().column("id").column("pathway_state").from(CaseRecord.schema)
            .where("stage", .notIn, SQLBind.group(["identified", "preparing_referral", "duty_to_notify"])).all()
        for row in referred {
            let json = try row.decode(column: "pathway_state", as: String.self)
            guard let state = try? JSONDecoder().decode(PathwayState.self, from: Data(json.utf8)),
                  let submitted = state.referralSubmittedOn else { continue }
            try await sql.update(CaseRecord.schema).set("referred_quarter", to: SQLBind(Quarter(containing: submitted).code))
                .where("id", .equal, SQLBind(try row.decode(column: "id", as: UUID.self))).run()
        }
        try await sql.create(index: "cases_referred_quarter").on(CaseRecord.schema).column("referred_quarter").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.drop(index: "cases_referred_quarter").run()
        try await database.schema(CaseRecord.schema).deleteField("referred_quarter").update()
    }
}
