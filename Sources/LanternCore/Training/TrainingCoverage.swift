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

extension TrainingCoverage {
    /// Valid completions as the store groups them in one pass: by the borough and agency
    /// recorded, and by member. `member` is nil for the people without an account, whose
    /// completions are each a different person (one per place), so `completions` counts them;
    /// a member is one person however many completions they hold.
    public struct Group<Member: Hashable>: Sendable where Member: Sendable {
        public var borough: String?
        public var agency: String?
        public var member: Member?
        public var completions: Int

        public init(borough: String?, agency: String?, member: Member?, completions: Int) {
            self.borough = borough
            self.agency = agency
            self.member = member
            self.completions = completions
        }
    }

    /// The figures from the groups: each cell, borough, agency and London's total counts each
    /// person once. Completions with no borough count only for their agency and the total; an
    /// agency kind Lantern does not know counts only in the total.
    public init<Member>(groups: some Sequence<Group<Member>>) {
        var cellPeople: [Cell: Int] = [:], boroughPeople: [String: Int] = [:], agencyPeople: [AgencyKind: Int] = [:], total = 0
        var cellMembers: [Cell: Set<Member>] = [:], boroughMembers: [String: Set<Member>] = [:]
        var agencyMembers: [AgencyKind: Set<Member>] = [:], members: Set<Member> = []
        for group in groups {
            let agency = group.agency.flatMap(AgencyKind.init(rawValue:))
            let cell = group.borough.flatMap { borough in agency.map { Cell(borough: borough, agency: $0) } }
            if let member = group.member {
                members.insert(member)
                if let agency { agencyMembers[agency, default: []].insert(member) }
                if let borough = group.borough { boroughMembers[borough, default: []].insert(member) }
                if let cell { cellMembers[cell, default: []].insert(member) }
            } else {
                total += group.completions
                if let agency { agencyPeople[agency, default: 0] += group.completions }
                if let borough = group.borough { boroughPeople[borough, default: 0] += group.completions }
                if let cell { cellPeople[cell, default: 0] += group.completions }
            }
        }
        for (cell, set) in cellMembers { cellPeople[cell, default: 0] += set.count }
        for (borough, set) in boroughMembers { boroughPeople[borough, default: 0] += set.count }
        for (agency, set) in agencyMembers { agencyPeople[agency, default: 0] += set.count }
        self.init(cells: cellPeople, boroughTotals: boroughPeople, agencyTotals: agencyPeople, total: total + members.count)
    }
}
