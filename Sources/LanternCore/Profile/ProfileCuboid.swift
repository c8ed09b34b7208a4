/// The summary table's shape: the case counts kept ready by every combination of at most
/// two of the profile's closed dimensions, each by month (which gives quarter and year).
/// A dashboard question that needs no more than two of them (to group by, to filter on, or
/// to say which cases an agreement covers) is answered from these cells, not from the cases;
/// any other question is still counted from the cases, so every question gets an answer.
///
/// Why pairs: kept by all thirteen dimensions at once the cells would be almost as many as
/// the cases (a million synthetic cases make 480,000 distinct combinations even without
/// nationality); a pair of dimensions by month has at most a few tens of thousands, and a
/// case write touches one cell per combination (92, and 13 more per exploitation type).
public enum ProfileCellDimension: Int, CaseIterable, Sendable, Comparable {
    // The raw values are bit numbers stored in the cells table: append, never renumber.
    case boroughIdentified = 0
    case boroughExploited = 1
    case exploitationType = 2
    case exploitationCombination = 3
    case ageGroup = 4
    case ageGroupAtExploitation = 5
    case gender = 6
    case nationality = 7
    case stage = 8
    case reasonableGrounds = 9
    case conclusiveGrounds = 10
    case firstResponderType = 11
    case firstResponder = 12

    /// The profile dimension this keeps; BCUs are kept as their boroughs (and merged when read).
    public init?(_ dimension: ProfileDimension) {
        switch dimension {
        case .boroughIdentified, .bcu: self = .boroughIdentified
        case .boroughExploited: self = .boroughExploited
        case .exploitationType: self = .exploitationType
        case .exploitationCombination: self = .exploitationCombination
        case .ageGroup: self = .ageGroup
        case .ageGroupAtExploitation: self = .ageGroupAtExploitation
        case .gender: self = .gender
        case .nationality: self = .nationality
        case .stage: self = .stage
        case .reasonableGrounds: self = .reasonableGrounds
        case .conclusiveGrounds: self = .conclusiveGrounds
        case .firstResponderType: self = .firstResponderType
        case .firstResponder: self = .firstResponder
        case .year, .quarter, .month: return nil
        }
    }

    /// The column of `cases` (or, for the exploitation type, of `case_exploitation_types`).
    public var column: String {
        switch self {
        case .boroughIdentified: ProfileDimension.boroughIdentified.column
        case .boroughExploited: ProfileDimension.boroughExploited.column
        case .exploitationType: ProfileDimension.exploitationType.column
        case .exploitationCombination: ProfileDimension.exploitationCombination.column
        case .ageGroup: ProfileDimension.ageGroup.column
        case .ageGroupAtExploitation: ProfileDimension.ageGroupAtExploitation.column
        case .gender: ProfileDimension.gender.column
        case .nationality: ProfileDimension.nationality.column
        case .stage: ProfileDimension.stage.column
        case .reasonableGrounds: ProfileDimension.reasonableGrounds.column
        case .conclusiveGrounds: ProfileDimension.conclusiveGrounds.column
        case .firstResponderType: ProfileDimension.firstResponderType.column
        case .firstResponder: ProfileDimension.firstResponder.column
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// One set of dimensions the cells are kept by (none, one or two), identified in the table
/// by its bit mask.
public struct ProfileCuboid: Hashable, Sendable, CustomStringConvertible {
    /// In bit order: the first is kept in the cells' first key column, the second in the second.
    public let dimensions: [ProfileCellDimension]

    public init?(_ dimensions: Set<ProfileCellDimension>) {
        guard dimensions.count <= Self.maximumDimensions else { return nil }
        self.dimensions = dimensions.sorted()
    }

    public static let maximumDimensions = 2

    public var code: Int { dimensions.reduce(0) { $0 | 1 << $1.rawValue } }

    /// Counted once per exploitation type a case has (with each mention's own key), as the
    /// cases query counts when the type is a dimension.
    public var countsTypeMentions: Bool { dimensions.contains(.exploitationType) }

    /// The key column (0 or 1) a dimension is kept in.
    public func keyIndex(of dimension: ProfileCellDimension) -> Int? { dimensions.firstIndex(of: dimension) }

    public var description: String { dimensions.isEmpty ? "(all cases)" : dimensions.map { "\($0)" }.joined(separator: " × ") }

    /// Every cuboid kept, those counted per case first and those per type mention after, each
    /// group in code order. Trigger statements touch cells in this order, so two writers
    /// take the same cells' locks in the same order and cannot deadlock each other.
    public static let all: [ProfileCuboid] = {
        let dimensions = ProfileCellDimension.allCases
        var cuboids: [ProfileCuboid] = [ProfileCuboid(Set())!]
        for first in dimensions {
            cuboids.append(ProfileCuboid([first])!)
            for second in dimensions where second > first { cuboids.append(ProfileCuboid([first, second])!) }
        }
        return cuboids.filter { !$0.countsTypeMentions }.sorted { $0.code < $1.code }
            + cuboids.filter(\.countsTypeMentions).sorted { $0.code < $1.code }
    }()

    /// The cuboid that answers this question exactly, or nil when only the cases can.
    ///
    /// It must hold every dimension the question groups by, filters on, or restricts to (an
    /// agreement's boroughs and organisations). A filter on the exploitation type is left to
    /// the cases: it keeps each case with any of the chosen types once, which cells counted
    /// per type mention cannot tell apart from a case with two of them.
    public static func answering(_ query: ProfileQuery) -> ProfileCuboid? {
        var needed = Set(query.dimensions.compactMap(ProfileCellDimension.init))
        for (dimension, values) in query.filters where !values.isEmpty {
            // An empty value matches '' in the cases, but NULL too in the cells (both kept as '').
            if dimension == .exploitationType || values.contains("") { return nil }
            if let kept = ProfileCellDimension(dimension) { needed.insert(kept) }
        }
        if let within = query.within {
            if within.isEmpty { return nil }
            if !within.boroughs.isEmpty { needed.insert(.boroughIdentified) }
            if !within.organisations.isEmpty { needed.insert(.firstResponder) }
        }
        return ProfileCuboid(needed)
    }
}
