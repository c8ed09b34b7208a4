import Foundation

/// Turns one column's labels into Lantern values: a total, a value, or a reason it cannot.
/// Runs once per distinct label, so it can afford plain string work.
struct StatisticLabelResolver {
    enum Resolution: Equatable {
        case total
        case value(String)
        case problem(String)
    }

    let dimension: StatisticDimension
    private let categories: [String: String]
    private let totalLabels: Set<String>
    private let places: PlaceNames

    init(dimension: StatisticDimension, mapping: StatisticsMapping, places: PlaceNames) {
        self.dimension = dimension
        var categories: [String: String] = [:]
        for (label, value) in mapping.categories[dimension] ?? [:] { categories[Self.folded(label)] = value }
        self.categories = categories
        self.totalLabels = Set(mapping.totalLabels.map(Self.folded))
        self.places = places
    }

    func resolve(_ label: String) -> Resolution {
        let trimmed = label.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .problem("no \(dimension.noun) is given") }
        if isTotal(trimmed) { return .total }
        guard let mapped = categories[Self.folded(trimmed)] else {
            return lanternValue(trimmed).map(Resolution.value)
                ?? .problem("unknown \(dimension.noun) \"\(trimmed)\" (add it to the mapping)")
        }
        if isTotal(mapped) { return .total }
        return lanternValue(mapped).map(Resolution.value)
            ?? .problem("\"\(trimmed)\" is mapped to \"\(mapped)\", which is not a known \(dimension.noun)")
    }

    private func isTotal(_ label: String) -> Bool {
        let f = Self.folded(label)
        return totalLabels.contains(f) || f.hasSuffix(" total")
    }

    /// The Lantern value a label names, if any.
    private func lanternValue(_ label: String) -> String? {
        let text = label.trimmingCharacters(in: .whitespaces)
        let f = Self.folded(text)
        guard !text.isEmpty else { return nil }
        switch dimension {
        case .firstResponder, .nationality: return text
        case .firstResponderType: return Self.closed(FirstResponderType.self, f)
        case .ageGroup: return Self.closed(AgeGroup.self, f) ?? AgeGroup.allCases.first { Self.folded($0.label) == f }?.rawValue
        case .gender: return Self.closed(Gender.self, f)
        case .exploitationType: return Self.exploitationCombination(f)
        case .borough: return places.boroughs[PlaceNames.key(text)]
        case .bcu: return places.bcus[PlaceNames.key(text)]
        case .period: return Self.quarter(text) ?? ImportedPeriod(wholeYearLabel: text).map(\.text)
        }
    }

    private static func folded(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces).lowercased() }

    private static func closed<V: CodedVocabulary>(_: V.Type, _ folded: String) -> String? {
        V.allCases.first { $0.rawValue.lowercased() == folded || $0.code == folded }?.rawValue
    }

    /// "Labour, Domestic & Criminal" → "Labour & Criminal & Domestic": the parts, in any order
    /// and either separator, into the canonical combination label.
    private static func exploitationCombination(_ folded: String) -> String? {
        let parts = folded.replacingOccurrences(of: ", ", with: " & ").components(separatedBy: " & ")
        var types: Set<ExploitationType> = []
        for part in parts {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard let type = ExploitationType.allCases.first(where: { $0.rawValue.lowercased() == p || $0.code == p })
                    ?? (p == "domestic" ? .domestic : nil) else { return nil }
            types.insert(type)
        }
        return ExploitationType.combinationLabel(types)
    }

    /// "2022-Q2", "2022 Q2", "2022Q2" or "Q2 2022" → "2022-Q2".
    private static func quarter(_ text: String) -> String? {
        let compact = text.uppercased().filter { $0 != " " && $0 != "-" }
        let reordered = compact.count == 6 && compact.hasPrefix("Q") ? String(compact.suffix(4) + compact.prefix(2)) : compact
        return Quarter(text: reordered)?.text
    }
}

/// Borough and BCU names and codes, folded for lookup, to their codes.
struct PlaceNames: Sendable {
    let boroughs: [String: String]
    let bcus: [String: String]

    init(_ catalogue: BoroughCatalogue) {
        var boroughs: [String: String] = [:], bcus: [String: String] = [:]
        for b in catalogue.all {
            for name in [b.onsCode, b.name, b.shortCode] { boroughs[Self.key(name)] = b.onsCode }
            if let code = b.bcuCode {
                bcus[Self.key(code)] = code
                if let name = b.bcuName { bcus[Self.key(name)] = code }
            }
        }
        self.boroughs = boroughs
        self.bcus = bcus
    }

    /// Case, spacing and "&" for "and" do not matter: "Hammersmith & Fulham" finds E09000013.
    static func key(_ name: String) -> String {
        name.lowercased().replacingOccurrences(of: "&", with: " and ")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
