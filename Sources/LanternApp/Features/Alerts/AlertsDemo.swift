import Fluent
import Foundation
import LanternCore

/// The demo's alerts: the daily sweep run for the demo's today over what the other features'
/// demos recorded (a 50-day B&B stay, a move-on case with no settled accommodation, no contact
/// for 40 days, no recourse to public funds without support, a child turning 18 soon), so the
/// alerts are due today, with their tasks. Run it after the other aftercare demos.
enum AlertsDemo {
    static func seedDemo(_ demo: DemoContext, on db: any Database) async throws {
        _ = try await CaseAlertJob.run(services: demo.services, today: demo.today, on: db)
    }
}
