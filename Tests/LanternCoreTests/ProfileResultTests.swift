import Testing
@testable import LanternCore

/// Reshaping query results: margins (the trend beside a table) and re-keying (boroughs into
/// police BCUs) must keep every count.
@Suite struct ProfileResultTests {
    let result = ProfileResult(dimensions: [.boroughIdentified, .quarter], rows: [
        (["E09000001", "20261"], 3, 300), (["E09000002", "20261"], 4, 40), (["E09000002", "20262"], 5, 5), (["", "20262"], 1, 1),
    ])

    @Test func aMarginAddsUpTheOtherDimensions() {
        let byQuarter = result.marginal(.quarter)
        #expect(byQuarter.dimensions == [.quarter])
        #expect(byQuarter.rows.map(\.keys) == [["20261"], ["20262"]])
        #expect(byQuarter.rows.map(\.count) == [7, 6])
        // The key sums add up with the counts, so a margin's cell key is its records' key sum.
        #expect(byQuarter.rows.map(\.keySum) == [340, 6])
        #expect(result.marginal(.gender).rows.isEmpty)
    }

    @Test func reKeyingMergesRowsThatCoincide() {
        let merged = result.remapping(.boroughIdentified, to: .bcu) { $0.isEmpty ? "" : "X" }
        #expect(merged.dimensions == [.bcu, .quarter])
        #expect(merged.rows.reduce(0) { $0 + $1.count } == 13)
        #expect(merged.rows.first { $0.keys == ["X", "20262"] }?.count == 5)
    }

    @Test func aPeriodSplitsIntoConsecutiveStretchesThatCoverItOnce() {
        let query = ProfileQuery(dimensions: [.quarter], from: Quarter(text: "2025-Q2")!, to: Quarter(text: "2027-Q1")!)
        let halves = query.splitByPeriod(into: 2)
        #expect(halves.map { "\($0.from.text)..\($0.to.text)" } == ["2025-Q2..2026-Q1", "2026-Q2..2027-Q1"])
        let thirds = query.splitByPeriod(into: 3)
        #expect(thirds.map { "\($0.from.text)..\($0.to.text)" } == ["2025-Q2..2025-Q4", "2026-Q1..2026-Q3", "2026-Q4..2027-Q1"])
        // Never more parts than quarters, never fewer than one.
        let single = ProfileQuery(dimensions: [.quarter], from: Quarter(text: "2026-Q1")!, to: Quarter(text: "2026-Q1")!)
        #expect(single.splitByPeriod(into: 4) == [single])
        #expect(query.splitByPeriod(into: 0) == [query])
        #expect(query.splitByPeriod(into: 20).count == 8)
    }

    @Test func answersForDisjointCasesAddUpKeyByKey() {
        let other = ProfileResult(dimensions: [.boroughIdentified, .quarter], rows: [
            (["E09000002", "20262"], 2, 250), (["E09000003", "20261"], 1, 9),
        ])
        let sum = ProfileResult.adding([result, other])
        #expect(sum.rows.reduce(0) { $0 + $1.count } == 16)
        #expect(sum.rows.first { $0.keys == ["E09000002", "20262"] }?.count == 7)
        #expect(sum.rows.first { $0.keys == ["E09000002", "20262"] }?.keySum == 255)
        #expect(sum.rows.map(\.keys) == sum.rows.map(\.keys).sorted { $0.lexicographicallyPrecedes($1) })
        #expect(ProfileResult.adding([]).rows.isEmpty)
    }

    @Test func quartersParseAndStep() {
        #expect(Quarter(text: "2026-Q3")?.code == 20263)
        #expect(Quarter(text: "2026Q5") == nil)
        #expect(Quarter(year: 2026, quarter: 4)!.adding(quarters: 1).text == "2027-Q1")
        #expect(Quarter(year: 2026, quarter: 1)!.adding(quarters: -1).text == "2025-Q4")
    }
}

@Suite struct SourceCoverageTests {
    let q1 = Quarter(year: 2025, quarter: 1)!

    @Test func aSourceWithoutBoroughsCannotBeCountedOrFilteredByBorough() {
        let national = SourceCoverage(recorded: [.quarter, .exploitationCombination, .ageGroupAtExploitation, .gender])
        let byBorough = ProfileQuery(dimensions: [.boroughIdentified, .gender], filters: [.boroughIdentified: ["E09000007"]], from: q1, to: q1)
        let gaps = national.unanswerable(byBorough)
        #expect(gaps.countedBy == [.boroughIdentified])
        #expect(gaps.filteredBy == [.boroughIdentified])
        #expect(!national.records(.bcu), "a BCU is made of boroughs")
    }

    @Test func derivedDimensionsFollowWhatTheyAreDerivedFrom() {
        let national = SourceCoverage(recorded: [.quarter, .exploitationCombination])
        let question = ProfileQuery(dimensions: [.year, .exploitationCombination], filters: [.exploitationType: ["Labour"], .gender: []],
                                    from: q1, to: q1)
        let gaps = national.unanswerable(question)
        #expect(gaps.countedBy.isEmpty && gaps.filteredBy.isEmpty, "an empty filter asks nothing")
        #expect(SourceCoverage(recorded: [.boroughIdentified]).records(.bcu))
        #expect(SourceCoverage.everything.unanswerable(ProfileQuery(dimensions: ProfileDimension.allCases, from: q1, to: q1)).countedBy.isEmpty)
    }
}
