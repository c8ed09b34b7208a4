import Testing
@testable import LanternCore

/// The HTCDS export's k-anonymity, as properties over random caseloads: every published row
/// stands in a group of at least k identical rows; nobody is counted twice or lost (published
/// plus left out is everyone); at most 5% are left out unless nothing coarser is left to try;
/// every row is a generalisation of someone's record; and no combination that loses less
/// detail would have been safe.
@Suite struct HTCDSExportTests {
    typealias E = HTCDSExport
    let regions = HTCDSRegions.bundled

    static func caseload(seed: UInt64, people: Int) -> [E.Person: KeyedCount] {
        var random = SplitMix64(seed: seed)
        // Skewed, as real caseloads are: a few nationalities and types are common, most rare.
        let nationalities = ["ALB", "ALB", "ALB", "VNM", "VNM", "GBR", "GBR", "GBR", "ERI", "SDN", "ROU", "POL", "NGA", "CHN", "IND",
                             "XXA", "UNKNOWN", "BRA", "KOR", "TON"]
        let combinations = ["Labour", "Labour", "Sexual", "Sexual", "Criminal", "Criminal", "Labour & Criminal", "Domestic servitude",
                            "Labour & Sexual", "Organ harvesting", "Not specified or unknown"]
        var counts: [E.Person: KeyedCount] = [:]
        for _ in 0..<people {
            let person = E.Person(year: 2019 + Int(random.next() % 6),
                                  gender: Gender.allCases[Int(random.next() % UInt64(random.next() % 5 == 0 ? 4 : 2))].rawValue,
                                  ageGroup: AgeGroup.allCases[Int(random.next() % 3)].rawValue,
                                  ageGroupAtExploitation: AgeGroup.allCases[Int(random.next() % 3)].rawValue,
                                  nationality: random.next() % 25 == 0 ? nil : nationalities[Int(random.next() % UInt64(nationalities.count))],
                                  exploitation: random.next() % 30 == 0 ? nil : combinations[Int(random.next() % UInt64(combinations.count))])
            counts[person, default: .zero] = counts[person, default: .zero] + KeyedCount(count: 1, keySum: Int(random.next() % 256))
        }
        return counts
    }

    @Test(arguments: [(1 as UInt64, 0), (2, 5), (3, 60), (4, 400), (5, 2_500), (6, 9_000)])
    func everyPublishedRowStandsAmongAtLeastKAndNobodyIsLostOrCountedTwice(seed: UInt64, people: Int) {
        let counts = Self.caseload(seed: seed, people: people)
        let plan = E.plan(counts, regions: regions)
        let rows = E.rows(counts, plan: plan, regions: regions, perturbation: Self.perturbation)
        #expect(rows.allSatisfy { $0.count >= E.k })
        #expect(Set(rows.map(\.row)).count == rows.count, "each group is one row")
        // Each group's true size: at least k, within the perturbation's noise of what is written;
        // and with the groups left out, everyone is counted once.
        var truth: [E.Row: Int] = [:]
        for (person, count) in counts { truth[E.row(person, at: plan.levels, regions: regions), default: 0] += count.count }
        #expect(rows.allSatisfy { truth[$0.row, default: 0] >= E.k && abs(truth[$0.row, default: 0] - $0.count) <= 5 })
        #expect(truth.values.filter { $0 >= E.k }.reduce(0, +) + plan.suppressed == people)
        #expect(plan.suppressed <= Int(Double(people) * E.maximumSuppression) || plan.levels == .most)
        // Every published row is some person's record at the chosen levels.
        let possible = Set(counts.keys.map { E.row($0, at: plan.levels, regions: regions) })
        #expect(rows.allSatisfy { possible.contains($0.row) })
        // Generalise first: nothing losing less detail would have been safe.
        let allowed = Int(Double(people) * E.maximumSuppression)
        for levels in E.Levels.all where levels < plan.levels {
            var groups: [E.Row: Int] = [:]
            for (person, count) in counts { groups[E.row(person, at: levels, regions: regions), default: 0] += count.count }
            #expect(groups.values.filter { $0 < E.k }.reduce(0, +) > allowed, "\(levels) was safe and loses less than \(plan.levels)")
        }
    }

    @Test func aLargeCaseloadKeepsCountriesWhereTheyAreCommon() {
        let counts = Self.caseload(seed: 9, people: 40_000)
        let plan = E.plan(counts, regions: regions)
        #expect(plan.levels.citizenship <= 1, "with 40,000 people, citizenship needs at most the sub-region")
        #expect(plan.suppressedWithoutGeneralising >= plan.suppressed)
        #expect(plan.smallestGroup >= E.k && plan.groups > 10)
    }

    static let perturbation = CellKeyPerturbation(perturbationTable: try! PerturbationTable(maximumNoise: 5, threshold: 5))

    @Test func oneMorePersonChangesTheExportByNoiseNotByTheirRow() {
        var counts = Self.caseload(seed: 11, people: 3_000)
        let plan = E.plan(counts, regions: regions)
        let before = E.rows(counts, plan: plan, regions: regions, perturbation: Self.perturbation)
        let person = E.Person(year: 2021, gender: Gender.female.rawValue, ageGroup: AgeGroup.adult.rawValue,
                              ageGroupAtExploitation: AgeGroup.adult.rawValue, nationality: "ALB", exploitation: "Sexual")
        counts[person, default: .zero] = counts[person, default: .zero] + KeyedCount(count: 1, keySum: 77)
        let after = E.rows(counts, plan: plan, regions: regions, perturbation: Self.perturbation)
        let theirs = E.row(person, at: plan.levels, regions: regions)
        let was = before.first { $0.row == theirs }?.count ?? 0, now = after.first { $0.row == theirs }?.count ?? 0
        #expect(Dictionary(uniqueKeysWithValues: before.filter { $0.row != theirs }.map { ($0.row, $0.count) })
                == Dictionary(uniqueKeysWithValues: after.filter { $0.row != theirs }.map { ($0.row, $0.count) }), "no other group moves")
        // The same people always give the same export; one more gives a new draw of noise for their group.
        #expect(E.rows(counts, plan: plan, regions: regions, perturbation: Self.perturbation).map(\.count) == after.map(\.count))
        #expect(was >= E.k && now >= E.k)
    }

    @Test func domesticServitudeIsReadFromTheStatisticsLabel() {
        let label = ExploitationType.combinationLabel([.labour, .domestic])
        let person = E.Person(year: 2025, gender: Gender.female.rawValue, ageGroup: AgeGroup.adult.rawValue,
                              ageGroupAtExploitation: AgeGroup.adult.rawValue, nationality: "PHL", exploitation: label)
        let row = E.row(person, at: .none, regions: regions)
        #expect(row.isForcedLabour == "1" && row.typeOfExploitConcatenated == "Labour; Domestic servitude")
        let domesticOnly = E.row(E.Person(year: 2025, gender: "", ageGroup: "", ageGroupAtExploitation: "", nationality: nil,
                                          exploitation: ExploitationType.combinationLabel([.domestic])), at: .none, regions: regions)
        #expect(domesticOnly.isForcedLabour == "1" && domesticOnly.isOtherExploit == "0")
    }

    @Test func rowsAreWrittenInTheStandardsTerms() {
        let person = E.Person(year: 2025, gender: Gender.other.rawValue, ageGroup: AgeGroup.child.rawValue,
                              ageGroupAtExploitation: AgeGroup.adult.rawValue, nationality: "ALB", exploitation: "Labour & Criminal")
        let exact = E.row(person, at: .none, regions: regions)
        #expect(exact.values == ["2025", "Case Management", "Transgender/NonConforming", "Minor", "Adult", "AL", "1", "0", "1", "Labour; Criminal"])
        let coarse = E.row(person, at: E.Levels(citizenship: 1, year: 1, gender: 1, age: 0, exploitation: 1), regions: regions)
        #expect(coarse.values == ["2024-2025", "Case Management", "", "Minor", "Adult", "Southern Europe", "1", "0", "1", ""])
        #expect(E.row(person, at: .most, regions: regions).values == ["", "Case Management", "", "", "", "", "", "", "", ""])
        #expect(regions.citizenship("VNM", level: 2) == "Asia" && regions.citizenship("XXA", level: 1) == "Stateless")
        #expect(regions.citizenship("UNKNOWN", level: 0) == "" && regions.citizenship(nil, level: 0) == "")
        #expect(E.fields.count == exact.values.count)
    }

    @Test func everyNationalityLanternRecordsHasAPlaceOrIsDeliberatelyUnknown() {
        let unplaced = CodedList.nationalities.entries.map(\.code).filter { regions.places[$0] == nil }
        #expect(Set(unplaced) == ["XXA", "OTHER", "UNKNOWN"])
        #expect(regions.places.values.filter { $0.subregion.isEmpty }.count == 1, "only Antarctica has no sub-region")
    }
}
