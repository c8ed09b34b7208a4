/// How big a profile question may be. Each answer is computed from the cases on demand; an
/// unbounded one (nationality × quarter × borough over forty years) kept a core busy for
/// most of a minute, and a few at once slowed everyone's sign-in. Questions beyond these
/// limits are refused with a message saying how to narrow them.
public struct ProfileLimits: Sendable, Equatable {
    /// The NRM began on 1 April 2009: no case or national table is older.
    public var earliest: Quarter
    /// At most this many quarters in one question (ten years).
    public var longestPeriod: Int
    /// At most this many cells across all tables of one answer.
    public var largestAnswer: Int

    public init(earliest: Quarter = Quarter(year: 2009, quarter: 2)!, longestPeriod: Int = 40, largestAnswer: Int = 20_000) {
        self.earliest = earliest
        self.longestPeriod = longestPeriod
        self.largestAnswer = largestAnswer
    }

    public static let standard = ProfileLimits()

    /// What is wrong with the question's size, as (field, message); empty when it is fine.
    /// `latest` is the current quarter: nothing has been counted after it.
    public func problems(_ query: ProfileQuery, latest: Quarter,
                         valueCount: (ProfileDimension) -> Int) -> [(field: String, message: String)] {
        var problems: [(field: String, message: String)] = []
        if query.from < earliest {
            problems.append(("from", "Choose a first quarter from \(earliest.text) on: the NRM began in April 2009"))
        }
        if query.to > latest {
            problems.append(("to", "Choose a last quarter up to \(latest.text): later quarters have no figures yet"))
        }
        let quarters = query.quarterCount
        if quarters > longestPeriod {
            problems.append(("from", "Choose at most \(longestPeriod / 4) years (\(longestPeriod) quarters); this question covers \(quarters)"))
        }
        guard problems.isEmpty else { return problems }
        let cells = query.dimensions.reduce(1) { product, dimension in
            let values: Int = switch dimension {
            case .quarter: quarters
            case .month: quarters * 3
            case .year: query.to.year - query.from.year + 1
            default: valueCount(dimension)
            }
            return product.multipliedReportingOverflow(by: max(1, values) + 1).partialValue
        }
        if cells > largestAnswer {
            problems.append(("columns", "This question would make about \(cells) figures; at most \(largestAnswer) can be shown. "
                                + "Choose fewer quarters, or count by fewer or smaller categories"))
        }
        return problems
    }
}

extension ProfileQuery {
    /// How many quarters the question covers, first and last included.
    public var quarterCount: Int { (to.year - from.year) * 4 + (to.quarter - from.quarter) + 1 }
}
