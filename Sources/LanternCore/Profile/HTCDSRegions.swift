import Foundation

/// Citizenship at the three levels the HTCDS export can show it: the country (ISO 3166-1
/// alpha-2, as the standard writes it), its UN M49 sub-region, and its M49 region
/// (`Resources/citizenship-regions.csv` and its SOURCE note).
public struct HTCDSRegions: Sendable {
    public struct Place: Sendable, Equatable {
        public var alpha2: String
        public var subregion: String
        public var region: String
    }

    /// By alpha-3 code.
    public let places: [String: Place]

    /// The code Lantern records for a stateless person, kept as its own value at every level.
    public static let stateless = "XXA"

    public static let subregionNames: [String: String] = [
        "015": "Northern Africa", "011": "Western Africa", "017": "Middle Africa", "014": "Eastern Africa", "018": "Southern Africa",
        "029": "Caribbean", "013": "Central America", "005": "South America", "021": "Northern America",
        "030": "Eastern Asia", "034": "Southern Asia", "035": "South-eastern Asia", "143": "Central Asia", "145": "Western Asia",
        "151": "Eastern Europe", "154": "Northern Europe", "155": "Western Europe", "039": "Southern Europe",
        "053": "Australia and New Zealand", "054": "Melanesia", "057": "Micronesia", "061": "Polynesia",
    ]

    /// Each sub-region's M49 region.
    public static let regionOf: [String: String] = [
        "015": "Africa", "011": "Africa", "017": "Africa", "014": "Africa", "018": "Africa",
        "029": "Americas", "013": "Americas", "005": "Americas", "021": "Americas",
        "030": "Asia", "034": "Asia", "035": "Asia", "143": "Asia", "145": "Asia",
        "151": "Europe", "154": "Europe", "155": "Europe", "039": "Europe",
        "053": "Oceania", "054": "Oceania", "057": "Oceania", "061": "Oceania",
    ]

    public init(csv: String) {
        var places: [String: Place] = [:]
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { continue }
            let code = fields[2]
            places[fields[0]] = Place(alpha2: fields[1], subregion: Self.subregionNames[code] ?? "", region: Self.regionOf[code] ?? "")
        }
        self.places = places
    }

    /// The bundled table.
    public static let bundled: HTCDSRegions = {
        guard let url = Bundle.module.url(forResource: "citizenship-regions", withExtension: "csv"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return HTCDSRegions(csv: "") }
        return HTCDSRegions(csv: text)
    }()

    /// Citizenship as shown at a level (0 country, 1 sub-region, 2 region, 3 not shown); "" is not known.
    public func citizenship(_ alpha3: String?, level: Int) -> String {
        guard let alpha3, !alpha3.isEmpty, level < 3 else { return "" }
        if alpha3 == Self.stateless { return "Stateless" }
        guard let place = places[alpha3] else { return "" }
        switch level {
        case 0: return place.alpha2
        case 1: return place.subregion
        default: return place.region
        }
    }
}
