/// An anonymised, case-level export in the fields of the IOM Human Trafficking Case Data
/// Standard (HTCDS) that Lantern holds, made safe as the Counter Trafficking Data
/// Collaborative makes its global dataset: k-anonymity with k of at least 11 on the
/// quasi-identifiers (gender, age, citizenship, year, exploitation types).
///
/// Generalise first, then suppress: every combination of generalisation levels (citizenship
/// as country, UN sub-region, region or not shown; the year as itself, a two-year span or not
/// shown; gender and age shown or not; exploitation types in detail, as the standard's broad
/// flags, or not shown) is tried, and the one losing least detail that leaves at most
/// `maximumSuppression` of the people in groups smaller than k is chosen; those few are then
/// left out. Every row of the export belongs to a group of at least k identical rows.
///
/// Group sizes are published under the cell key method, as the profile's figures are: each
/// group's rows are repeated its perturbed count of times (a group whose true or perturbed
/// size is under k is left out). So two exports made before and after one case changed differ
/// by noise, not by that person's row; and a group cannot be set against the profile's, or an
/// exact view's, figure for the same cell to leave a small count. Only complete years are
/// exported, so downloads through a year give the same rows.
public enum HTCDSExport {
    /// What the export knows of one person: only the quasi-identifiers.
    public struct Person: Hashable, Sendable {
        public var year: Int?
        /// `Gender.rawValue`.
        public var gender: String
        /// `AgeGroup.rawValue`, when identified and when exploited.
        public var ageGroup: String
        public var ageGroupAtExploitation: String
        /// ISO alpha-3, `XXA` stateless, or other codes Lantern records.
        public var nationality: String?
        /// `ExploitationType.combinationLabel`, e.g. "Labour & Criminal".
        public var exploitation: String?

        public init(year: Int?, gender: String, ageGroup: String, ageGroupAtExploitation: String, nationality: String?, exploitation: String?) {
            self.year = year
            self.gender = gender
            self.ageGroup = ageGroup
            self.ageGroupAtExploitation = ageGroupAtExploitation
            self.nationality = nationality
            self.exploitation = exploitation
        }
    }

    /// How far each quasi-identifier is generalised (0: as recorded).
    public struct Levels: Hashable, Sendable, Comparable {
        public var citizenship: Int
        public var year: Int
        public var gender: Int
        public var age: Int
        public var exploitation: Int

        public static let most = Levels(citizenship: 3, year: 2, gender: 1, age: 1, exploitation: 2)
        public static let none = Levels(citizenship: 0, year: 0, gender: 0, age: 0, exploitation: 0)

        public init(citizenship: Int, year: Int, gender: Int, age: Int, exploitation: Int) {
            self.citizenship = citizenship
            self.year = year
            self.gender = gender
            self.age = age
            self.exploitation = exploitation
        }

        /// Every combination of levels.
        public static var all: [Levels] {
            var all: [Levels] = []
            for c in 0...most.citizenship { for y in 0...most.year { for g in 0...most.gender { for a in 0...most.age {
                for e in 0...most.exploitation { all.append(Levels(citizenship: c, year: y, gender: g, age: a, exploitation: e)) }
            } } } }
            return all
        }

        /// The detail lost, summed over the quasi-identifiers. Coarsening costs little (a country
        /// to its sub-region, the types to the standard's broad flags, a year to a span); leaving
        /// a field out costs much, most of all citizenship and exploitation, which are what the
        /// standard is read for. So a field is dropped only when no coarser form of it is safe.
        public var loss: Double {
            [0, 0.5, 1.0, 3.0][citizenship] + [0, 0.5, 2.0][year] + [0, 1.5][gender] + [0, 1.5][age] + [0, 0.5, 3.0][exploitation]
        }

        public static func < (a: Levels, b: Levels) -> Bool {
            (a.loss, a.citizenship, a.exploitation, a.year, a.age, a.gender) < (b.loss, b.citizenship, b.exploitation, b.year, b.age, b.gender)
        }
    }

    /// One row of the export, in the standard's fields ("" is not known or not shown).
    public struct Row: Hashable, Sendable {
        public var yearOfRegistration: String
        public var gender: String
        public var majorityStatus: String
        public var majorityStatusAtExploit: String
        public var citizenship: String
        public var isForcedLabour: String
        public var isSexualExploit: String
        public var isOtherExploit: String
        public var typeOfExploitConcatenated: String

        public var values: [String] {
            [yearOfRegistration, "Case Management", gender, majorityStatus, majorityStatusAtExploit, citizenship,
             isForcedLabour, isSexualExploit, isOtherExploit, typeOfExploitConcatenated]
        }
    }

    /// The export's fields, in order (the first is a year or span; `Datasource` is constant).
    public static let fields = ["yearOfRegistration", "Datasource", "gender", "majorityStatus", "majorityStatusAtExploit", "citizenship",
                                "isForcedLabour", "isSexualExploit", "isOtherExploit", "typeOfExploitConcatenated"]

    public static let k = 11
    /// At most this share of people may be left out; beyond it, a coarser generalisation is chosen.
    public static let maximumSuppression = 0.05

    static func majority(_ ageGroup: String) -> String {
        switch AgeGroup(rawValue: ageGroup) {
        case .adult: "Adult"
        case .child: "Minor"
        default: ""
        }
    }

    static func gender(_ value: String) -> String {
        switch Gender(rawValue: value) {
        case .female: "Female"
        case .male: "Male"
        case .other: "Transgender/NonConforming"
        default: ""
        }
    }

    /// The type a combination label names (`ExploitationType.combinationLabel` writes domestic
    /// servitude as "Domestic").
    static func type(ofLabel label: String) -> ExploitationType? {
        label == "Domestic" ? .domestic : ExploitationType(rawValue: label)
    }

    /// A person's row at the given levels.
    public static func row(_ p: Person, at levels: Levels, regions: HTCDSRegions) -> Row {
        let types = Set((p.exploitation ?? "").components(separatedBy: " & ").compactMap(type(ofLabel:))).subtracting([.unknown])
        func flag(_ on: Bool) -> String { levels.exploitation >= 2 || types.isEmpty ? "" : (on ? "1" : "0") }
        let year: String = switch (levels.year, p.year) {
        case (0, let y?): String(y)
        case (1, let y?): "\(y - y % 2)-\(y - y % 2 + 1)"
        default: ""
        }
        return Row(yearOfRegistration: year,
                   gender: levels.gender == 0 ? gender(p.gender) : "",
                   majorityStatus: levels.age == 0 ? majority(p.ageGroup) : "",
                   majorityStatusAtExploit: levels.age == 0 ? majority(p.ageGroupAtExploitation) : "",
                   citizenship: regions.citizenship(p.nationality, level: levels.citizenship),
                   isForcedLabour: flag(types.contains(.labour) || types.contains(.domestic)),
                   isSexualExploit: flag(types.contains(.sexual)),
                   isOtherExploit: flag(types.contains(.criminal) || types.contains(.organHarvesting)),
                   typeOfExploitConcatenated: levels.exploitation == 0 ? types.sorted().map(\.rawValue).joined(separator: "; ") : "")
    }

    /// The generalisation chosen, and what it left out.
    public struct Plan: Sendable, Equatable {
        public var levels: Levels
        public var k: Int
        public var people: Int
        /// People left out: in groups smaller than k at the chosen levels.
        public var suppressed: Int
        /// Groups of identical rows published, and the smallest.
        public var groups: Int
        public var smallestGroup: Int
        /// People who would be left out with nothing generalised.
        public var suppressedWithoutGeneralising: Int
        public var combinationsTried: Int
    }

    /// Chooses the levels for these people (each distinct person-combination with how many
    /// share it and the sum of their record keys).
    public static func plan(_ counts: [Person: KeyedCount], regions: HTCDSRegions, k: Int = k,
                            maximumSuppression: Double = maximumSuppression) -> Plan {
        let people = counts.values.reduce(0) { $0 + $1.count }
        let allowed = Int((Double(people) * maximumSuppression).rounded(.down))
        func evaluate(_ levels: Levels) -> (suppressed: Int, groups: [Row: Int]) {
            var groups: [Row: Int] = [:]
            for (person, count) in counts { groups[row(person, at: levels, regions: regions), default: 0] += count.count }
            return (groups.values.filter { $0 < k }.reduce(0, +), groups)
        }
        let candidates = Levels.all.sorted()
        let baseline = evaluate(.none).suppressed
        var chosen = Levels.most
        var result = evaluate(.most)
        for levels in candidates {
            let tried = evaluate(levels)
            if tried.suppressed <= allowed {
                chosen = levels
                result = tried
                break
            }
        }
        let kept = result.groups.values.filter { $0 >= k }
        return Plan(levels: chosen, k: k, people: people, suppressed: result.suppressed, groups: kept.count,
                    smallestGroup: kept.min() ?? 0, suppressedWithoutGeneralising: baseline, combinationsTried: candidates.count)
    }

    /// The rows to publish under a plan, each with how many times it is written: its group's
    /// size under the cell key method. A group is left out when its true size or its
    /// published size is under k, so every group written has at least k identical rows.
    public static func rows(_ counts: [Person: KeyedCount], plan: Plan, regions: HTCDSRegions,
                            perturbation: CellKeyPerturbation) -> [(row: Row, count: Int)] {
        var groups: [Row: KeyedCount] = [:]
        for (person, count) in counts {
            let key = row(person, at: plan.levels, regions: regions)
            groups[key] = groups[key, default: .zero] + count
        }
        return groups.compactMap { row, size -> (row: Row, count: Int)? in
            guard size.count >= plan.k else { return nil }
            let published = perturbation.published(size)
            return published >= plan.k ? (row, published) : nil
        }.sorted { $0.row.values.lexicographicallyPrecedes($1.row.values) }
    }

    /// The plan in words, one line per quasi-identifier, for the generalisation report.
    public static func describe(_ levels: Levels) -> [(field: String, shown: String)] {
        [("citizenship", ["as the country (ISO 3166-1 alpha-2)", "as the UN M49 sub-region", "as the UN M49 region", "not shown"][levels.citizenship]),
         ("yearOfRegistration", ["as the year", "as a two-year span (e.g. 2024-2025)", "not shown"][levels.year]),
         ("gender", ["as recorded", "not shown"][levels.gender]),
         ("majorityStatus, majorityStatusAtExploit", ["as recorded (Adult or Minor)", "not shown"][levels.age]),
         ("isForcedLabour, isSexualExploit, isOtherExploit, typeOfExploitConcatenated",
          ["each type, and Lantern's types in detail", "the standard's three broad flags only", "not shown"][levels.exploitation])]
    }
}
