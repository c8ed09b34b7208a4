import LanternCore

/// Where a dashboard's figures come from: Lantern's own cases, or an imported measure.
enum ProfileSource: Sendable, Hashable {
    case cases
    case imported(measure: String)

    init?(code: String) {
        if code == "cases" || code.isEmpty { self = .cases; return }
        guard code.hasPrefix("imported:"), code.count > 9 else { return nil }
        self = .imported(measure: String(code.dropFirst(9)))
    }

    var code: String {
        switch self {
        case .cases: "cases"
        case .imported(let measure): "imported:\(measure)"
        }
    }

    var label: String {
        switch self {
        case .cases: "Cases recorded in Lantern"
        case .imported(let measure): StatisticsMappingLabels.measure(measure)
        }
    }

    /// What the figures count, for captions.
    var unit: String {
        switch self {
        case .cases: "cases"
        case .imported(let measure): measure.replacingOccurrences(of: "_", with: " ")
        }
    }

    /// The dimensions that can be chosen for this source.
    var dimensions: [ProfileDimension] {
        switch self {
        case .cases: ProfileRequest.selectable
        case .imported: DatasetProfileRepository.supported
        }
    }
}
