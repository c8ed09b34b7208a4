import Vapor
import LanternCore

/// The dashboard's question as it arrives in the query string (page, download or API).
struct ProfileParameters: Content {
    var source: String?
    var rows: String?
    var columns: String?
    var pages: String?
    var from: String?
    var to: String?
    var ageGroup: String?
    var exploitationType: String?
    var gender: String?
    var borough: String?
    var map: String?
    /// For imported figures: "london" (the default) or "national".
    var scope: String?
}

/// Checked profile question, with defaults: boroughs × exploitation types, last eight quarters.
struct ProfileRequest {
    var source: ProfileSource
    var query: ProfileQuery
    var parameters: ProfileParameters
    /// The area imported figures are counted for (Lantern's own cases are all London's).
    var scope: ProfileScope = .london

    static let selectable: [ProfileDimension] = [.boroughIdentified, .boroughExploited, .bcu, .exploitationCombination,
                                                 .exploitationType, .ageGroup, .ageGroupAtExploitation, .gender, .nationality,
                                                 .stage, .reasonableGrounds, .conclusiveGrounds, .firstResponderType,
                                                 .firstResponder, .year, .quarter, .month]

    /// Checks the question; `measures` are the imported measures that exist.
    static func parse(_ p: ProfileParameters, today: Day, catalogue: BoroughCatalogue, measures: [String]) throws -> ProfileRequest {
        var errors = FormErrors()
        var source = ProfileSource.cases
        if let code = p.source, !code.isEmpty {
            if let chosen = ProfileSource(code: code), chosen == .cases || measures.contains(chosen.code.replacingOccurrences(of: "imported:", with: "")) {
                source = chosen
            } else {
                errors.add("source", "Choose figures from the list")
            }
        }
        let selectable = source.dimensions
        func dimension(_ text: String?, field: String, required: Bool) -> ProfileDimension? {
            guard let text, !text.isEmpty else {
                if required { errors.add(field, "Choose what to count by") }
                return nil
            }
            guard let d = ProfileDimension(rawValue: text), ProfileRequest.selectable.contains(d) else {
                errors.add(field, "Choose from the list")
                return nil
            }
            guard selectable.contains(d) else {
                errors.add(field, "\(source.label) cannot be counted by \(d.label.lowercased()): choose another")
                return nil
            }
            return d
        }
        let rows = dimension(p.rows ?? ProfileDimension.boroughIdentified.rawValue, field: "rows", required: true)
        let columns = dimension(p.columns, field: "columns", required: false)
        let pages = dimension(p.pages, field: "pages", required: false)
        let current = Quarter(containing: today)
        let to = p.to.flatMap { $0.isEmpty ? nil : $0 }.map { Quarter(text: $0) } ?? current
        let from = p.from.flatMap { $0.isEmpty ? nil : $0 }.map { Quarter(text: $0) } ?? current.adding(quarters: -7)
        if to == nil { errors.add("to", "Enter a quarter like 2026-Q3") }
        if from == nil { errors.add("from", "Enter a quarter like 2025-Q1") }
        if let from, let to, from > to { errors.add("from", "The first quarter must be before the last") }
        let chosen = [rows, columns, pages].compactMap { $0 }
        if Set(chosen).count != chosen.count { errors.add("columns", "Choose different things for rows, columns and tables") }
        var filters: [ProfileDimension: Set<String>] = [:]
        if let age = p.ageGroup, !age.isEmpty {
            if let a = AgeGroup(code: age) { filters[.ageGroup] = [a.rawValue] } else { errors.add("ageGroup", "Choose an age group from the list") }
        }
        if let type = p.exploitationType, !type.isEmpty {
            if let t = ExploitationType(code: type) { filters[.exploitationType] = [t.rawValue] } else { errors.add("exploitationType", "Choose a type from the list") }
        }
        if let gender = p.gender, !gender.isEmpty {
            if let g = Gender(code: gender) { filters[.gender] = [g.rawValue] } else { errors.add("gender", "Choose a gender from the list") }
        }
        if let borough = p.borough, !borough.isEmpty {
            if catalogue.borough(code: borough) != nil { filters[.boroughIdentified] = [borough] } else { errors.add("borough", "Choose a borough from the list") }
        }
        var scope = ProfileScope.london
        if let text = p.scope, !text.isEmpty {
            if let chosen = ProfileScope(rawValue: text) { scope = chosen } else { errors.add("scope", "Choose London or all areas") }
        }
        guard errors.isEmpty, let rows, let from, let to else { throw LanternError.invalid(errors.items) }
        let query = ProfileQuery(dimensions: [rows] + [columns, pages].compactMap { $0 }, filters: filters, from: from, to: to)
        let tooLarge = ProfileLimits.standard.problems(query, latest: current, valueCount: Self.valueCount)
        guard tooLarge.isEmpty else { throw LanternError.invalid(tooLarge) }
        return ProfileRequest(source: source, query: query, parameters: p, scope: scope)
    }

    /// At most how many values a dimension can take, for the size limit. Open lists
    /// (organisations, combinations of types) count as their plausible largest.
    static func valueCount(_ dimension: ProfileDimension) -> Int {
        switch dimension {
        case .boroughIdentified, .boroughExploited: 34
        case .bcu: 13
        case .exploitationType: ExploitationType.allCases.count
        case .exploitationCombination: 64
        case .ageGroup, .ageGroupAtExploitation: AgeGroup.allCases.count
        case .gender: Gender.allCases.count
        case .nationality: CodedList.nationalities.entries.count + 1
        case .stage: Stage.allCases.count
        case .reasonableGrounds, .conclusiveGrounds: DecisionOutcome.allCases.count + 1
        case .firstResponderType: FirstResponderType.allCases.count
        case .firstResponder: 500
        case .year, .quarter, .month: 1
        }
    }

    /// The same question as a query string, for download links.
    var queryString: String {
        var items: [URLQueryItem] = [.init(name: "source", value: source.code), .init(name: "rows", value: query.dimensions[0].rawValue),
                                     .init(name: "from", value: query.from.text), .init(name: "to", value: query.to.text)]
        if source != .cases && scope != .london { items.append(.init(name: "scope", value: scope.rawValue)) }
        if query.dimensions.count > 1 { items.append(.init(name: "columns", value: query.dimensions[1].rawValue)) }
        if query.dimensions.count > 2 { items.append(.init(name: "pages", value: query.dimensions[2].rawValue)) }
        for (name, value) in [("ageGroup", parameters.ageGroup), ("exploitationType", parameters.exploitationType),
                              ("gender", parameters.gender), ("borough", parameters.borough)] {
            if let value, !value.isEmpty { items.append(.init(name: name, value: value)) }
        }
        var components = URLComponents()
        components.queryItems = items
        return components.percentEncodedQuery ?? ""
    }
}
