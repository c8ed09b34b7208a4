/// The built-in mapping for files in the Counter Trafficking Data Collaborative's published
/// format: its global dataset (and Lantern's own HTCDS export) is case-level, one row per
/// person in the fields of the Human Trafficking Case Data Standard, with the year of
/// registration and no quarter. Each combination of values read is counted as a figure for
/// its whole year (`ImportedPeriod.year`); the many other fields are not read.
///
/// Read: `yearOfRegistration`; `gender`; `majorityStatusAtExploit` (adult or minor when
/// exploited, as the NRM statistics count age); `citizenship` (ISO 3166-1 alpha-2, into the
/// alpha-3 codes Lantern records; a region name a generalised file holds is kept as written);
/// and the flags `isForcedLabour`, `isSexualExploit` and `isOtherExploit` into exploitation
/// types. The standard's "other" exploitation (forced marriage, military service and the
/// rest) has no NRM category of its own: a person flagged with it alone is counted as not
/// known. `-99`, the dataset's mark for a value not recorded, and empty fields read as not
/// known (`NA`, R's mark, is not one: it is Namibia's code).
public enum CTDCMapping {
    public static let measure = "ctdc_victims"

    public static let globalDataset = StatisticsMapping(
        name: "ctdc-global-dataset",
        description: "Counter Trafficking Data Collaborative, global dataset (case level, HTCDS fields): victims by year of registration, "
            + "gender, age when exploited, citizenship and exploitation type",
        measure: measure,
        columns: ["gender": .gender, "majorityStatusAtExploit": .ageGroup, "citizenship": .nationality],
        countColumn: "",
        categories: [
            .gender: ["Transgender/NonConforming": Gender.other.rawValue, "Transgender": Gender.other.rawValue,
                      "NonConforming": Gender.other.rawValue],
            .ageGroup: ["Adult": AgeGroup.adult.rawValue, "Minor": AgeGroup.child.rawValue],
            .nationality: citizenshipCodes,
        ],
        totalLabels: [],
        period: .init(year: "yearOfRegistration", quarter: nil),
        people: .init(missingLabels: ["-99", "Unknown"],
                      flags: .init(dimension: .exploitationType, columns: [
                          "isForcedLabour": ExploitationType.labour.rawValue,
                          "isSexualExploit": ExploitationType.sexual.rawValue,
                          "isOtherExploit": ExploitationType.unknown.rawValue,
                      ])))

    /// Alpha-2 → alpha-3 for every country of the bundled table, and the standard's words for
    /// a stateless person.
    static let citizenshipCodes: [String: String] = {
        var codes: [String: String] = ["Stateless": HTCDSRegions.stateless, "XX": HTCDSRegions.stateless]
        for (alpha3, place) in HTCDSRegions.bundled.places where !place.alpha2.isEmpty { codes[place.alpha2] = alpha3 }
        return codes
    }()
}
