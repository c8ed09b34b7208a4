/// What an imported table covers. A London body's return counts London alone; a national
/// table (the Home Office's NRM statistics) counts England and Wales, of which London's part
/// is the rows London's bodies made (`LondonBodies`), when the table names them.
public enum DatasetCoverage: String, Sendable, Codable, CaseIterable {
    /// London's councils and the City of London Corporation.
    case londonCouncils = "london_councils"
    /// The Metropolitan Police and the City of London Police.
    case londonPolice = "london_police"
    /// London's NHS bodies.
    case londonNHS = "london_nhs"
    /// England and Wales (or the UK) as a whole.
    case national

    /// Every figure of the table is London's.
    public var isLondon: Bool { self != .national }

    public var label: String {
        switch self {
        case .londonCouncils: "London councils and the City"
        case .londonPolice: "The Met and City of London Police"
        case .londonNHS: "London NHS bodies"
        case .national: "National (England and Wales)"
        }
    }
}

/// Which area the profile answers for, when its figures are imported.
public enum ProfileScope: String, Sendable, Codable, CaseIterable {
    /// London: figures of London's datasets, and London's rows of national ones.
    case london
    /// Every figure, as the tables count them.
    case national

    public var label: String {
        switch self {
        case .london: "London"
        case .national: "All areas the tables cover"
        }
    }
}

/// Recognises London's bodies among a national table's first responders: the Met and the
/// City of London Police, London's 33 councils under any of their usual names ("Camden",
/// "London Borough of Camden", "Camden Council", "Royal Borough of Greenwich",
/// "City of London Corporation"), and NHS bodies with London or a borough in their name.
public struct LondonBodies: Sendable {
    private let places: PlaceNames

    public init(_ boroughs: BoroughCatalogue) { places = PlaceNames(boroughs) }

    static let police: Set<String> = ["metropolitan police service", "metropolitan police", "the metropolitan police service",
                                      "met police", "city of london police"]
    static let prefixes = ["the ", "london borough of ", "royal borough of ", "city of "]
    static let suffixes = [" london borough council", " borough council", " city council", " council", " corporation"]

    /// Whether a first responder, as a national table names it, is one of London's bodies.
    public func isLondon(firstResponder name: String) -> Bool {
        let key = PlaceNames.key(name)
        guard !key.isEmpty else { return false }
        if Self.police.contains(key) { return true }
        if key.contains("nhs") {
            return key.contains("london") || places.boroughs.keys.contains { key.contains($0) && $0.count > 4 }
        }
        // Strip the usual words around a council's name one at a time, trying the name at each step
        // ("The Royal Borough of Kensington and Chelsea", "City of London Corporation").
        var name = key
        while true {
            if places.boroughs[name] != nil { return true }
            if let suffix = Self.suffixes.first(where: { name.hasSuffix($0) }) {
                name.removeLast(suffix.count)
            } else if let prefix = Self.prefixes.first(where: { name.hasPrefix($0) }) {
                name.removeFirst(prefix.count)
            } else {
                break
            }
        }
        return false
    }
}
