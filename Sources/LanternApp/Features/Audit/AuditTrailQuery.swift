import Fluent
import Foundation

/// Filters for an organisation's audit trail, shared by the page and the API. The
/// organisation is always fixed by the caller from the signed-in person, never from input.
struct AuditTrailQuery {
    var organisationID: UUID
    var action: String?
    var actorUserID: UUID?
    var from: Date?
    var to: Date?
    var beforeSequence: Int64?
    var limit = 50

    func run(on db: any Database) async throws -> [AuditEntry] {
        var query = AuditEntry.query(on: db).filter(\.$organisationID == organisationID.uuidString)
        if let action, !action.isEmpty { query = query.filter(\.$action == action) }
        if let actorUserID { query = query.filter(\.$actorUserID == actorUserID.uuidString) }
        if let from { query = query.filter(\.$occurredAtMillis >= Int64(from.timeIntervalSince1970 * 1000)) }
        if let to { query = query.filter(\.$occurredAtMillis < Int64(to.timeIntervalSince1970 * 1000)) }
        if let beforeSequence { query = query.filter(\.$id < beforeSequence) }
        return try await query.sort(\.$id, .descending).limit(min(max(limit, 1), 500)).all()
    }
}
