import Fluent
import Foundation
import LanternCore
import SQLKit
import Vapor

/// Escalates concerns nobody acknowledged by their deadline: one UPDATE marks every such
/// concern escalated (a concern is escalated once, however many nodes run the sweep), then,
/// in the same transaction, each of the receiving organisation's leads gets a task (made once
/// per concern and lead) and an email that a concern waits, with its link, and the escalation
/// is audited. Run hourly by the scheduled job.
enum ConcernEscalations {
    static func run(services: LanternServices, on db: any Database) async throws -> Int {
        let now = services.now
        return try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw Abort(.internalServerError) }
            let rows = try await sql.update(SafeguardingConcern.schema)
                .set("escalated_at", to: SQLBind(now))
                .where("escalated_at", .is, SQLLiteral.null).where("acknowledged_at", .is, SQLLiteral.null)
                .where("closed_at", .is, SQLLiteral.null).where("acknowledge_by", .lessThan, SQLBind(now))
                .returning("id", "routed_organisation_id")
                .all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let organisationID = try row.decode(column: "routed_organisation_id", as: UUID.self)
                for lead in try await ConcernService.leads(of: organisationID, services: services, on: tx) {
                    let made = try await TaskService.create(
                        ownerID: try lead.requireID(), title: Localiser.englishGB("concerns.task.escalated"),
                        link: .concern(id.uuidString), due: services.today, sourceKey: "concern_escalated:\(id.uuidString)",
                        notify: false, services: services, on: tx)
                    if made {
                        try await Outbox.enqueue(.concernWaiting, to: lead.email, link: .concern(id.uuidString),
                                                 organisationID: organisationID, services: services, on: tx)
                    }
                }
                try await AuditLog.append(AuditEvent(action: "concern.escalated", recordType: "safeguarding_concern", recordID: id.uuidString),
                                          actor: nil, organisation: organisationID, requestID: "job", sourceAddress: nil, at: now,
                                          key: services.auditChainKey, on: tx)
            }
            return rows.count
        }
    }
}
