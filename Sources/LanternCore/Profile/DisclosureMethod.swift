/// How the figures of a release were made safe to show. Every page, download and API answer
/// says which method applies, because they behave differently for a reader.
public enum DisclosureMethod: Sendable {
    /// Lantern's own case records, in questions anyone with statistics access may ask in any
    /// combination: the cell key method, so no amount of differencing gives a small count.
    case cellKey(CellKeyPerturbation)
    /// Fixed tables (the annual report) and figures imported from their publishers: exact
    /// figures, with small counts and what would reveal them withheld as [c].
    case suppression(DisclosureRules)
    /// Exact figures, nothing withheld or adjusted: only for the people a data-sharing
    /// agreement in force names, only for the cases it covers, and never downloaded or
    /// served by the API (those always carry one of the methods above).
    case exact(agreement: String)

    /// The cell key method with Lantern's perturbation table: noise of at most ±5 (more when
    /// the threshold is set higher), and nothing from 1 to threshold − 1 ever shown.
    public static func cellKey(threshold: Int) throws -> DisclosureMethod {
        .cellKey(CellKeyPerturbation(perturbationTable: try PerturbationTable(maximumNoise: max(5, threshold), threshold: threshold)))
    }

    public var summary: String {
        switch self {
        case .cellKey(let method):
            let table = method.perturbationTable
            return "Figures from case records are protected by the cell key method, as the ONS used for the Census 2021 "
                + "flexible tables: each figure has a small, fixed adjustment (at most \(table.maximumNoise) either way) that is "
                + "the same every time the same people are counted, and no figure from 1 to \(table.threshold - 1) is ever shown. "
                + "Totals are protected on their own, so they may differ from the sum of the figures shown."
        case .suppression(let rules):
            return rules.summary
        case .exact(let agreement):
            return "Exact figures, with nothing withheld or adjusted, shown only to the people named in the data-sharing agreement "
                + "“\(agreement)” while it is in force, for the cases it covers. They are not for publication or onward sharing: "
                + "small figures here can identify survivors. Every view is recorded."
        }
    }

    /// The threshold below which nothing is shown as itself.
    public var threshold: Int {
        switch self {
        case .cellKey(let method): method.perturbationTable.threshold
        case .suppression(let rules): rules.threshold
        case .exact: 0
        }
    }

    public var name: String {
        switch self {
        case .cellKey: "cell key perturbation"
        case .suppression: "threshold and secondary suppression"
        case .exact: "exact (data-sharing agreement)"
        }
    }
}
