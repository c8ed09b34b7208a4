import Testing
@testable import LanternCore

@Suite struct TrainingCoverageTests {
    static let coverage = TrainingCoverage(
        cells: [.init(borough: "E09000022", agency: .police): 3, .init(borough: "E09000022", agency: .council): 1,
                .init(borough: "E09000028", agency: .police): 1],
        boroughTotals: ["E09000022": 4, "E09000028": 1], agencyTotals: [.police: 3, .council: 1], total: 4)

    @Test func cellsAndGaps() {
        let c = Self.coverage
        #expect(c.people(in: "E09000022", .police) == 3)
        #expect(c.people(in: "E09000022", .nhs) == 0)
        #expect(c.untrainedBoroughs(["E09000022", "E09000028", "E09000001"]) == ["E09000001"])
        #expect(c.gaps(["E09000022", "E09000028"]) == [.init(borough: "E09000022", agency: .nhs), .init(borough: "E09000028", agency: .council),
                                                       .init(borough: "E09000028", agency: .nhs)])
    }

    /// One completion as stored: a person is a member's id, or a place of someone without an account.
    struct Completion { var borough: String?; var agency: String; var member: Int?; var place: Int }

    /// Random completions: members trained more than once, in several boroughs and agencies,
    /// some with no borough, some with an agency kind Lantern does not know.
    static func completions(seed: UInt64) -> [Completion] {
        var random = SplitMix64(seed: seed)
        let boroughs: [String?] = [nil, "E09000001", "E09000022", "E09000028"]
        let agencies = AgencyKind.allCases.map(\.rawValue) + ["unknown"]
        return (0..<Int(20 + random.next() % 200)).map { place in
            Completion(borough: boroughs[Int(random.next() % 4)], agency: agencies[Int(random.next() % UInt64(agencies.count))],
                       member: random.next() % 3 == 0 ? nil : Int(random.next() % 15), place: place)
        }
    }

    @Test(arguments: 1...50)
    func groupsCountEachPersonOnceAsDistinctPeopleWould(seed: Int) {
        let completions = Self.completions(seed: UInt64(seed))
        // What the store's groups are: one per borough, agency and member (people without an account together).
        struct Key: Hashable { var borough: String?; var agency: String; var member: Int? }
        let grouped = Dictionary(grouping: completions) { Key(borough: $0.borough, agency: $0.agency, member: $0.member) }
        let coverage = TrainingCoverage(groups: grouped.map { key, rows in
            TrainingCoverage.Group(borough: key.borough, agency: key.agency, member: key.member, completions: rows.count)
        })
        // The same figures by counting distinct people directly.
        func person(_ c: Completion) -> String { c.member.map { "m\($0)" } ?? "p\(c.place)" }
        func people(_ rows: [Completion]) -> Int { Set(rows.map(person)).count }
        #expect(coverage.total == people(completions))
        for agency in AgencyKind.allCases {
            #expect((coverage.agencyTotals[agency] ?? 0) == people(completions.filter { $0.agency == agency.rawValue }))
            for borough in ["E09000001", "E09000022", "E09000028"] {
                #expect(coverage.people(in: borough, agency) == people(completions.filter { $0.agency == agency.rawValue && $0.borough == borough }))
            }
        }
        for borough in ["E09000001", "E09000022", "E09000028"] {
            #expect((coverage.boroughTotals[borough] ?? 0) == people(completions.filter { $0.borough == borough }))
        }
    }
}
