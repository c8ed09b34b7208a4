import Foundation
import Testing
@testable import LanternCore

/// The shapes of the figures after the decision: bands, categories, the rules that decide
/// on time, settled and held within 72 hours, and the record keys that keep figures stable.
@Suite struct AfterDecisionFiguresTests {
    typealias F = AfterDecisionFigures
    let day = Day(year: 2026, month: 5, day: 10)!

    @Test func staysAreBandedByTheirLengthAndAnOpenStayIsCountedToToday() {
        #expect([0, 7, 8, 28, 29, 42, 43, 90, 91, 400].map { F.StayBand(days: $0) }
                    == [.upTo7, .upTo7, .from8To28, .from8To28, .from29To42, .from29To42, .from43To90, .from43To90, .over90, .over90])
        #expect(F.StayBand(days: -3) == .upTo7)
        #expect(F.stayLength(from: day, until: day.adding(days: 43), today: day.adding(days: 100)) == 43)
        #expect(F.stayLength(from: day, until: nil, today: day.adding(days: 50)) == 50)
        #expect(F.stayLength(from: day, until: day.adding(days: -2), today: day) == 0)
        #expect(F.StayBand.allCases.count == 5)
    }

    @Test func moveOnEndsAtItsPlannedEndOrAtClosureIfSooner() {
        #expect(F.moveOnEnd(entered: day, closedOn: nil, moveOnDays: 45) == day.adding(days: 45))
        #expect(F.moveOnEnd(entered: day, closedOn: day.adding(days: 10), moveOnDays: 45) == day.adding(days: 10))
        #expect(F.moveOnEnd(entered: day, closedOn: day.adding(days: 60), moveOnDays: 45) == day.adding(days: 45))
        // A closing day before move-on began is not its end.
        #expect(F.moveOnEnd(entered: day, closedOn: day.adding(days: -1), moveOnDays: 45) == day.adding(days: 45))
    }

    @Test func whereThePersonWasWhenMoveOnEnded() {
        let settled: Set<String> = ["social_tenancy", "private_tenancy"]
        let end = day.adding(days: 45)
        let bAndB = F.Episode(kind: "bed_and_breakfast", from: day, until: end)
        let tenancy = F.Episode(kind: "private_tenancy", from: end, until: nil)
        // Moving in on the last day: the stay that began last counts.
        #expect(F.outcome(on: end, episodes: [bAndB, tenancy], settledKinds: settled) == .settled)
        #expect(F.outcome(on: end, episodes: [tenancy, bAndB], settledKinds: settled) == .settled)
        #expect(F.outcome(on: end, episodes: [bAndB], settledKinds: settled) == .notSettled)
        #expect(F.outcome(on: end.adding(days: 1), episodes: [bAndB], settledKinds: settled) == .notRecorded)
        #expect(F.outcome(on: end, episodes: [], settledKinds: settled) == .notRecorded)
        #expect(F.outcome(on: end, episodes: [F.Episode(kind: "unknown", from: day, until: nil)], settledKinds: settled) == .notRecorded)
        // A tenancy that ended before move-on did is not where the person was.
        #expect(F.outcome(on: end, episodes: [F.Episode(kind: "social_tenancy", from: day, until: end.adding(days: -1))],
                          settledKinds: settled) == .notRecorded)
    }

    @Test func concernsAreOnTimeUpToTheDeadlineAndLateAfterIt() {
        let deadline = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(F.acknowledgement(deadline: deadline, acknowledgedAt: deadline) == .onTime)
        #expect(F.acknowledgement(deadline: deadline, acknowledgedAt: deadline.addingTimeInterval(-60)) == .onTime)
        #expect(F.acknowledgement(deadline: deadline, acknowledgedAt: deadline.addingTimeInterval(1)) == .late)
        #expect(F.acknowledgement(deadline: deadline, acknowledgedAt: nil) == .notYetAcknowledged)
    }

    @Test func aReturnHomeInterviewCountsWithin72HoursOfTheReturn() {
        let back = Date(timeIntervalSince1970: 1_800_000_000)
        let hours = { (n: Double) in back.addingTimeInterval(n * 3600) }
        #expect(F.returnInterview(returnedAt: back, heldAt: hours(72), now: hours(100)) == .heldWithin72Hours)
        #expect(F.returnInterview(returnedAt: back, heldAt: hours(73), now: hours(100)) == .notHeldWithin72Hours)
        #expect(F.returnInterview(returnedAt: back, heldAt: nil, now: hours(71)) == .notYetDue)
        #expect(F.returnInterview(returnedAt: back, heldAt: nil, now: hours(73)) == .notHeldWithin72Hours)
        #expect(F.returnInterview(returnedAt: nil, heldAt: nil, now: hours(500)) == .notYetDue)
    }

    @Test func aRowsKeyIsItsCasesKeyOffsetByTableAndRowAndNeverChanges() throws {
        let id = "6F9619FF-8B86-D011-B42D-00C04FC964FF"
        let key = try #require(F.recordKey(caseKey: 17, table: "case_accommodation", rowID: id))
        #expect(key == RecordKey(17)!.mentionKey(code: "case_accommodation:\(id.lowercased())"))
        // Upper or lower case ids (SQLite and PostgreSQL spell them differently) give one key.
        #expect(F.recordKey(caseKey: 17, table: "case_accommodation", rowID: id.lowercased()) == key)
        #expect(F.recordKey(caseKey: 256, table: "t", rowID: id) == nil)
        // Uniform for a uniform case key: every case key gives a different row key.
        #expect(Set((0..<256).compactMap { F.recordKey(caseKey: $0, table: "t", rowID: id) }).count == 256)
        #expect(F.recordKey(blindIndex: "ff01") == RecordKey(255))
        #expect(F.recordKey(blindIndex: "zz") == nil)
    }

    @Test func theSameRowsInAnyOrderGiveTheSamePublishedTable() throws {
        let method = try DisclosureMethod.cellKey(threshold: 5)
        var generator = SystemRandomNumberGenerator()
        let rows = ["a", "b"], columns = F.StayBand.allCases.map(\.rawValue)
        let counted = (0..<60).map { i in
            F.Counted(row: rows[i % 2], column: columns[i % 5], key: RecordKey.random(using: &generator))
        }
        let first = F.protect(F.keyedTable(rows: rows, columns: columns, counted: counted), by: method)
        let again = F.protect(F.keyedTable(rows: rows, columns: columns, counted: counted.shuffled()), by: method)
        #expect(first == again)
        // Nothing from 1 to 4 is published; the true grand total is the sum of the cells.
        let all = first.cells.joined() + first.rowTotals + first.columnTotals + [first.grandTotal]
        #expect(all.allSatisfy { ($0.count ?? 0) == 0 || ($0.count ?? 0) >= 5 })
        let table = F.keyedTable(rows: rows, columns: columns, counted: counted)
        #expect(table.grandTotal.count == 60)
        // Rows outside the table's keys are not counted.
        let stray = F.keyedTable(rows: rows, columns: columns, counted: [F.Counted(row: "z", column: columns[0], key: RecordKey(1)!)])
        #expect(stray.grandTotal.count == 0)
        // Under suppression, small cells are withheld.
        let suppressed = F.protect(F.keyedTable(rows: rows, columns: columns, counted: Array(counted.prefix(3))),
                                   by: .suppression(.standard))
        #expect(suppressed.hasSuppression)
    }

    @Test func theQuestionIsCheckedWithClearProblems() {
        let today = Day(year: 2026, month: 11, day: 30)!
        guard case .success(let plain) = F.Question.parse(from: nil, to: nil, rows: nil, today: today) else {
            Issue.record("the defaults are a question"); return
        }
        #expect(plain.to == Quarter(year: 2026, quarter: 4))
        #expect(plain.from == Quarter(year: 2025, quarter: 1))
        #expect(plain.rows == .borough)
        #expect(plain.firstDay == Day(year: 2025, month: 1, day: 1))
        #expect(plain.lastDay == Day(year: 2026, month: 12, day: 31))
        func problems(_ from: String?, _ to: String?, _ rows: String?) -> [F.Problem] {
            if case .failure(let p) = F.Question.parse(from: from, to: to, rows: rows, today: today) { return p.items.map(\.problem) }
            return []
        }
        #expect(problems("2026-Q3", "2026-Q1", nil) == [.order])
        #expect(problems("soon", nil, nil) == [.quarter])
        #expect(problems(nil, nil, "<script>") == [.rows])
        #expect(problems(nil, "2027-Q2", nil) == [.future])
        #expect(problems("2009-Q1", "2009-Q3", nil).contains(.earliest))
        #expect(problems("2010-Q1", "2026-Q4", "quarter") == [.tooLong])
        #expect(F.quarterKeys(from: Quarter(year: 2025, quarter: 4)!, to: Quarter(year: 2026, quarter: 2)!) == ["20254", "20261", "20262"])
    }
}
