import Fluent
import Foundation
import LanternCore
import SQLKit

/// The daily job `survey_closings` (`ScheduledJobs.surveyClosings`): a survey past its closing
/// day is closed (one guarded statement, so two nodes close it once), and the tasks to answer
/// it that are still open are finished, so nobody is left with a task that leads to a closed
/// survey. (A survey past its day already reads as closed everywhere; this makes it so.)
enum SurveyClosingJob {
    static func run(services: LanternServices, today: Day, on db: any Database) async throws -> String {
        guard let sql = db as? any SQLDatabase else { return "surveys_closed=0" }
        let closed = try await sql.update(Survey.schema).set("state", to: SurveyState.closed.rawValue)
            .where("state", .equal, SurveyState.open.rawValue).where("closes_on", .lessThan, today.daysSinceEpoch)
            .returning("id").all().map { try $0.decode(column: "id", as: UUID.self) }
        for surveyID in closed {
            try await TaskService.finishAll(sourceKey: SurveysController.taskKey(surveyID), at: services.now, on: db)
        }
        return "surveys_closed=\(closed.count)"
    }
}
