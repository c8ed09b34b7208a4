/// Who holds valid training, by borough and kind of agency: the figures behind the coverage
/// map and its tables. A person counts once in each cell they were trained in (by the borough
/// and agency recorded with each completion); the totals count each person once, so a person
/// trained in two boroughs appears in both boroughs' rows but once in London's total.
public struct TrainingCoverage: Sendable, Equatable {
    public struct Cell: Hashable, Sendable {
        public var borough: String
        public var agency: AgencyKind
        public init(borough: String, agency: AgencyKind) {
            self.borough = borough
            self.agency = agency
        }
    }

    public var cells: [Cell: Int]
    public var boroughTotals: [String: Int]
    public var agencyTotals: [AgencyKind: Int]
    public var total: Int

    public init(cells: [Cell: Int], boroughTotals: [String: Int], agencyTotals: [AgencyKind: Int], total: Int) {
        self.cells = cells
        self.boroughTotals = boroughTotals
        self.agencyTotals = agencyTotals
        self.total = total
    }

    public func people(in borough: String, _ agency: AgencyKind) -> Int { cells[Cell(borough: borough, agency: agency)] ?? 0 }

    /// Boroughs where no one holds valid training, in the order given.
    public func untrainedBoroughs(_ boroughs: [String]) -> [String] { boroughs.filter { (boroughTotals[$0] ?? 0) == 0 } }

    /// The borough × agency cells with no one trained, for the agencies every borough has
    /// (its council, its police and its NHS), borough by borough in the order given.
    public func gaps(_ boroughs: [String], agencies: [AgencyKind] = [.council, .police, .nhs]) -> [Cell] {
        boroughs.flatMap { borough in agencies.map { Cell(borough: borough, agency: $0) } }.filter { people(in: $0.borough, $0.agency) == 0 }
    }
}
