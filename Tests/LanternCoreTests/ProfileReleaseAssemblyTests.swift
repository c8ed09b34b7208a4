import Testing
@testable import LanternCore

/// Making one question's counts into a release: tables with true zeros, protected by the
/// source's method, a trend by quarter, and rates only where they describe the one table.
@Suite struct ProfileReleaseAssemblyTests {
    static let q1 = Quarter(text: "2026-Q1")!
    static let q3 = Quarter(text: "2026-Q3")!
    static let labels = ProfileLabels(boroughs: .london)
    static let byBorough = ProfileQuery(dimensions: [.boroughIdentified], from: q1, to: q3)
    /// Camden 12 (Q1 10, Q2 2), City of London 3 (Q1), and 1 case with no borough (Q3).
    static let quarterly = ProfileResult(dimensions: [.quarter, .boroughIdentified], counts: [
        (["20261", "E09000007"], 10), (["20262", "E09000007"], 2), (["20261", "E09000001"], 3), (["20263", ""], 1),
    ])
    static let result = ProfileResult(dimensions: [.boroughIdentified], counts: [
        (["E09000007"], 12), (["E09000001"], 3), ([""], 1),
    ])

    @Test func theTrendIsCountedOnlyWhenTheQuestionLacksQuarters() {
        #expect(ProfileReleaseAssembly.trendQuestion(for: Self.byBorough)?.dimensions == [.quarter])
        var byType = Self.byBorough
        byType.dimensions = [.gender, .exploitationType]
        byType.filters = [.ageGroup: ["adult"]]
        let split = ProfileReleaseAssembly.trendQuestion(for: byType)
        #expect(split?.dimensions == [.quarter, .exploitationType], "types are counted once per mention, as in the tables")
        #expect(split?.filters == byType.filters && split?.from == Self.q1 && split?.to == Self.q3)
        byType.dimensions = [.gender, .quarter]
        #expect(ProfileReleaseAssembly.trendQuestion(for: byType) == nil)
    }

    @Test func importedFiguresAreSuppressedAndEveryBoroughIsARow() throws {
        let method = try ProfileReleaseAssembly.method(forCaseRecords: false, rules: .standard)
        let (tables, trend) = ProfileReleaseAssembly.assemble(Self.result, quarterly: Self.quarterly, query: Self.byBorough,
                                                             labels: Self.labels, method: method)
        #expect(tables.count == 1)
        let table = tables[0]
        #expect(table.columnLabels == ["Count"] && table.columnDimension == nil)
        #expect(Set(table.rowKeys).isSuperset(of: BoroughCatalogue.london.all.map(\.onsCode)), "boroughs with no cases show 0")
        #expect(table.rowLabels.contains("Camden") && table.rowLabels.contains("Not recorded"))
        let camden = try #require(table.rowKeys.firstIndex(of: "E09000007"))
        let city = try #require(table.rowKeys.firstIndex(of: "E09000001"))
        let westminster = try #require(table.rowKeys.firstIndex(of: "E09000033"))
        #expect(table.figures.cells[camden][0] == .count(12))
        #expect(table.figures.cells[city][0].isSuppressed, "3 is below the threshold of 5")
        #expect(table.figures.cells[westminster][0] == .count(0))
        #expect(table.figures.primaryCount >= 1)
        // The trend: every quarter of the period, in order, protected on its own.
        #expect(trend.rowKeys == ["20261", "20262", "20263"])
        #expect(trend.rowLabels == ["2026 Q1", "2026 Q2", "2026 Q3"])
        #expect(trend.figures.cells[0][0] == .count(13))
        #expect(trend.figures.cells[1][0].isSuppressed && trend.figures.cells[2][0].isSuppressed)
    }

    @Test func caseRecordsUseTheCellKeyMethodAndShowNoSmallCount() throws {
        let method = try ProfileReleaseAssembly.method(forCaseRecords: true, rules: DisclosureRules(threshold: 5))
        guard case .cellKey = method else { Issue.record("case records use the cell key method"); return }
        let (tables, trend) = ProfileReleaseAssembly.assemble(Self.result, quarterly: Self.quarterly, query: Self.byBorough,
                                                             labels: Self.labels, method: method)
        for figures in tables.map(\.figures) + [trend.figures] {
            let shown = figures.cells.joined().compactMap(\.count) + figures.rowTotals.compactMap(\.count)
            #expect(!shown.contains { (1...4).contains($0) }, "no figure from 1 to threshold − 1 is shown")
        }
    }

    @Test func aThirdDimensionMakesATablePerValue() throws {
        let query = ProfileQuery(dimensions: [.ageGroup, .gender, .nationality], from: Self.q1, to: Self.q1)
        let result = ProfileResult(dimensions: query.dimensions, counts: [([AgeGroup.adult.rawValue, "Female", "GBR"], 7), ([AgeGroup.child.rawValue, "Male", "ALB"], 6)])
        let (tables, _) = ProfileReleaseAssembly.assemble(result, quarterly: ProfileResult(dimensions: [.quarter], counts: []),
                                                         query: query, labels: Self.labels, method: .suppression(.standard))
        #expect(tables.map(\.title) == ["Nationality: Albania", "Nationality: United Kingdom"])
        #expect(tables.allSatisfy { $0.columnKeys == Gender.allCases.map(\.rawValue).sorted() }, "every gender is a column")
        #expect(ProfileReleaseAssembly.rateTable(tables) == nil, "rates describe a single table of boroughs")
    }

    @Test func ratesArePer100000ResidentsOfTheRowsShown() throws {
        let (tables, _) = ProfileReleaseAssembly.assemble(Self.result, quarterly: Self.quarterly, query: Self.byBorough,
                                                         labels: Self.labels, method: .suppression(.standard))
        let table = try #require(ProfileReleaseAssembly.rateTable(tables))
        let rates = ProfileReleaseAssembly.rates(table, populations: ["E09000007": 200_000, "E09000001": 8_000, "E09000033": 0])
        #expect(rates["E09000007"] == 6.0)
        #expect(rates["E09000001"] == nil, "a withheld figure has no rate")
        #expect(rates["E09000033"] == nil, "no rate without a population")
        #expect(rates["E09000002"] == nil)
        var byAge = Self.byBorough
        byAge.dimensions = [.ageGroup]
        let ages = ProfileReleaseAssembly.assemble(ProfileResult(dimensions: [.ageGroup], counts: [(["adult"], 9)]),
                                                   quarterly: Self.quarterly, query: byAge, labels: Self.labels,
                                                   method: .suppression(.standard)).tables
        #expect(ProfileReleaseAssembly.rateTable(ages) == nil)
    }
}
