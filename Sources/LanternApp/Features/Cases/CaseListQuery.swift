import Fluent
import Foundation
import LanternCore
import Vapor

/// The case list's filters, applied in SQL to what the viewer may see of their organisation's
/// cases (the one narrowing, `Request.narrow`: the organisation's own and its teams').
struct CaseListQuery {
    /// The organisation whose cases are listed: the viewer's own.
    var organisationID: UUID
    var stage: Stage?
    var overdueOn: Day?
    var borough: String?
    var type: ExploitationType?
    var ageGroup: AgeGroup?
    var reference: String?
    var limit = 200

    func run(for request: Request) async throws -> [CaseRecord] {
        var query = try await request.narrow(CaseRecord.query(on: request.db), to: .viewCase, among: [.sameOrganisation, .sameTeam])
            .filter(\.$organisation.$id == organisationID)
        if let stage { query = query.filter(\.$stage == stage.rawValue) }
        if let overdueOn { query = query.filter(\.$dueOn < overdueOn.daysSinceEpoch) }
        if let borough { query = query.filter(\.$boroughIdentified == borough) }
        if let ageGroup { query = query.filter(\.$ageGroup == ageGroup.rawValue) }
        if let reference { query = query.filter(\.$reference == reference) }
        if let type {
            query = query.join(CaseExploitationType.self, on: \CaseRecord.$id == \CaseExploitationType.$case.$id)
                .filter(CaseExploitationType.self, \.$type == type.rawValue)
        }
        return try await query.with(\.$exploitationTypes).sort(\.$updatedAt, .descending).limit(limit).all()
    }
}
