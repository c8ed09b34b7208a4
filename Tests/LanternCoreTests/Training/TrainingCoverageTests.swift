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
}
