import Fluent
import Foundation
import LanternCore

/// The five figures after the decision for one question, each a table protected by the
/// profile's own disclosure method (the cell key method for case records), with the
/// release's metadata. The page and the CSV both read this, so they show the same figures.
struct AfterDecisionRelease: Sendable {
    enum Figure: String, Sendable, CaseIterable {
        case bedAndBreakfast = "bed-and-breakfast"
        case moveOn = "move-on"
        case alerts
        case concerns
        case missing
    }

    /// One released table: keys in order (labels are the page's or the download's) and figures.
    struct Table: Sendable, Equatable {
        var figure: Figure
        /// What the rows are: "borough", "quarter", "urgency".
        var rowsBy: String
        var rowKeys: [String]
        var columnKeys: [String]
        var figures: DisclosedTable
    }

    var question: AfterDecisionFigures.Question
    var tables: [Table]
    var method: DisclosureMethod
    var producedAt: Date

    func table(_ figure: Figure) -> Table? { tables.first { $0.figure == figure } }

    static func build(_ question: AfterDecisionFigures.Question, db: any Database, cipher: FieldCipher, boroughs: BoroughCatalogue,
                      rules: DisclosureRules, today: Day, now: Date, moveOnDays: Int = PathwayTimeLimits().moveOnDays) async throws -> AfterDecisionRelease {
        typealias F = AfterDecisionFigures
        let method = try ProfileReleaseAssembly.method(forCaseRecords: true, rules: rules)
        let repository = AfterDecisionRepository(db: db, cipher: cipher, today: today, now: now)
        let quarters = F.quarterKeys(from: question.from, to: question.to)
        let allBoroughs = boroughs.all.sorted { $0.name < $1.name }.map(\.onsCode)
        /// Every borough (so true zeros show), and "not recorded" (or an unknown code) only when counted.
        func boroughRows(_ counted: [F.Counted]) -> [String] {
            let known = Set(allBoroughs)
            let extra = Set(counted.map(\.row)).subtracting(known).sorted()
            return allBoroughs + extra
        }
        func rows(_ counted: [F.Counted]) -> [String] { question.rows == .borough ? boroughRows(counted) : quarters }
        func table(_ figure: Figure, by: String, rows: [String], columns: [String], _ counted: [F.Counted]) -> Table {
            let keyed = F.keyedTable(rows: rows, columns: columns, counted: counted)
            return Table(figure: figure, rowsBy: by, rowKeys: rows, columnKeys: columns, figures: F.protect(keyed, by: method))
        }
        let by = question.rows.rawValue
        let stays = try await repository.bedAndBreakfast(question)
        let moveOn = try await repository.moveOn(question, moveOnDays: moveOnDays)
        let alerts = try await repository.alerts(question)
        let concerns = try await repository.concerns(question)
        let missing = try await repository.missingEpisodes(question)
        let urgencies = F.urgencies + Set(concerns.map(\.row)).subtracting(F.urgencies).sorted()
        let tables = [
            table(.bedAndBreakfast, by: by, rows: rows(stays), columns: F.StayBand.allCases.map(\.rawValue), stays),
            table(.moveOn, by: by, rows: rows(moveOn), columns: F.MoveOnOutcome.allCases.map(\.rawValue), moveOn),
            table(.alerts, by: "borough", rows: boroughRows(alerts), columns: AlertKind.allCases.map(\.rawValue), alerts),
            table(.concerns, by: "urgency", rows: urgencies, columns: F.Acknowledgement.allCases.map(\.rawValue), concerns),
            table(.missing, by: by, rows: rows(missing), columns: F.ReturnInterview.allCases.map(\.rawValue), missing),
        ]
        return AfterDecisionRelease(question: question, tables: tables, method: method, producedAt: now)
    }
}
