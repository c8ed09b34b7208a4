import Fluent
import Foundation
import LanternCore

/// The case list's filters, applied in SQL to the viewer's own organisation only.
struct CaseListQuery {
    var organisationID: UUID
    var stage: Stage?
    var overdueOn: Day?
    var borough: String?
    var type: ExploitationType?
    var ageGroup: AgeGroup?
    var reference: String?
    var limit = 200

    func run(on db: any Database) async throws -> [CaseRecord] {
        var query = CaseRecord.query(on: db).filter(\.$organisation.$id == organisationID)
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
