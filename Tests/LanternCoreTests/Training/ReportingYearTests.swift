import Testing
@testable import LanternCore

/// The reporting year runs April to March: every day falls in exactly one, and the last ended
/// year is the one before the current.
@Suite struct ReportingYearTests {
    @Test func aDayFallsInTheFinancialYearThatHoldsIt() throws {
        let year = try #require(ReportingYear(startYear: 2026))
        #expect(year.first == Day(year: 2026, month: 4, day: 1) && year.last == Day(year: 2027, month: 3, day: 31))
        #expect(year.label == "2026-27")
        #expect(ReportingYear(containing: Day(year: 2027, month: 3, day: 31)!) == year)
        #expect(ReportingYear(containing: Day(year: 2026, month: 3, day: 31)!).startYear == 2025)
        #expect(ReportingYear.lastEnded(before: Day(year: 2026, month: 12, day: 1)!).startYear == 2025)
        #expect(ReportingYear(startYear: 1999) == nil)
        #expect(try #require(ReportingYear(startYear: 2099)).label == "2099-00")
        // Every day of a span is in exactly one year, and years are contiguous.
        var day = Day(year: 2024, month: 1, day: 1)!
        while day < Day(year: 2028, month: 1, day: 1)! {
            let holding = ReportingYear(containing: day)
            #expect(holding.contains(day))
            #expect(!ReportingYear(startYear: holding.startYear + 1)!.contains(day))
            day = day.adding(days: 1)
        }
    }
}
