/// Which dimensions a source of figures actually records. An imported table may carry a
/// column in general yet leave it empty (the national NRM tables have no borough): counting
/// such a source by borough would show a zero in every borough and call them all "low", so
/// the question is refused as "not available in this source" instead.
public struct SourceCoverage: Sendable, Equatable {
    /// The dimensions with at least one recorded value in the source.
    public let recorded: Set<ProfileDimension>

    public init(recorded: Set<ProfileDimension>) {
        self.recorded = recorded
    }

    /// Every dimension a source of Lantern's own cases records.
    public static let everything = SourceCoverage(recorded: Set(ProfileDimension.allCases))

    /// Whether figures can be counted by, or filtered on, a dimension. A dimension derived
    /// from a recorded one is recorded too (a borough's BCU, a quarter's year, a type within
    /// a combination of types).
    public func records(_ dimension: ProfileDimension) -> Bool {
        if recorded.contains(dimension) { return true }
        switch dimension {
        case .bcu: return recorded.contains(.boroughIdentified)
        case .year: return recorded.contains(.quarter)
        case .exploitationType: return recorded.contains(.exploitationCombination)
        default: return false
        }
    }

    /// The dimensions a question counts by (in order: rows, columns, tables) that the source
    /// does not record, and the dimensions it filters on that the source does not record.
    public func unanswerable(_ query: ProfileQuery) -> (countedBy: [ProfileDimension], filteredBy: [ProfileDimension]) {
        (query.dimensions.filter { !records($0) },
         query.filters.filter { !$0.value.isEmpty && !records($0.key) }.map(\.key).sorted { $0.rawValue < $1.rawValue })
    }
}
