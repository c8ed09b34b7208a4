import Fluent
import Foundation
import LanternCore

/// What the retention page shows an organisation: its cases whose identifying details will be
/// erased within the next month (due ones first), and every case it holds under a legal hold.
struct RetentionOverview {
    struct Row {
        let record: CaseRecord
        let status: RetentionStatus
        let eraseOn: Day?
        /// For held cases: the reason (opened with the case key), who placed it and when.
        var holdReason: String?
        var heldBy: String?
    }

    /// More than this many upcoming rows are counted, not listed.
    static let listLimit = 500

    let today: Day
    let through: Day
    let periods: RetentionPeriods
    let upcoming: [Row]
    let upcomingTruncated: Bool
    let held: [Row]

    static func load(organisationID: UUID, services: LanternServices, on database: any Database) async throws -> RetentionOverview {
        let today = services.today
        let through = RetentionRules.oneMonthAfter(today)
        let periods = services.settings.retentionPeriods
        var upcoming: [CaseRecord] = []
        for kind in RetainedRecordKind.allCases {
            let cutOff = RetentionRules.latestClosureDue(by: through, kind: kind, periods: periods).daysSinceEpoch
            upcoming += try await CaseRecord.query(on: database).filter(\.$organisation.$id == organisationID)
                .filter(\.$closedOn <= cutOff).filter(\.$erasedAt == nil).filter(\.$dutyToNotify == (kind == .dutyToNotifyCase))
                .sort(\.$closedOn).limit(listLimit + 1).all()
        }
        let held = try await CaseRecord.query(on: database).filter(\.$organisation.$id == organisationID)
            .filter(\.$legalHold == true).filter(\.$erasedAt == nil).sort(\.$legalHoldAt).all()
        let ciphers = try await services.caseKeys.ciphers(for: Set(held.compactMap(\.id)), on: database)
        let placers = Set(held.compactMap(\.legalHoldBy))
        let names = placers.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await User.query(on: database)
            .filter(\.$id ~~ placers).all().compactMap { user in user.id.map { ($0, user.displayName) } })
        func row(_ record: CaseRecord) -> Row {
            Row(record: record, status: RetentionRules.status(of: record.retentionFacts, today: today, periods: periods),
                eraseOn: RetentionRules.eraseOn(record.retentionFacts, periods: periods))
        }
        let sorted = upcoming.map(row).sorted { ($0.eraseOn?.daysSinceEpoch ?? 0, $0.record.reference) < ($1.eraseOn?.daysSinceEpoch ?? 0, $1.record.reference) }
        return RetentionOverview(
            today: today, through: through, periods: periods,
            upcoming: Array(sorted.prefix(listLimit)), upcomingTruncated: sorted.count > listLimit,
            held: try held.map { record in
                var r = row(record)
                r.holdReason = try record.id.flatMap { ciphers[$0] }.flatMap { try record.legalHoldReason(using: $0) }
                r.heldBy = record.legalHoldBy.flatMap { names[$0] }
                return r
            })
    }
}
