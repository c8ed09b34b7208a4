/// The built-in mappings for what happens after the NRM in the criminal and civil courts:
/// civil orders (applications for Slavery and Trafficking Prevention and Risk Orders, and
/// orders made), prosecutions and convictions. Each return holds two measures side by side,
/// so each has two mappings, one per measure, that ignore the other's column: a return is
/// imported once for each measure it holds. A header that fits two is not guessed.
///
/// London partners' returns count by borough (the Met's, for the data sub-group); national
/// tables count by police force area, of which the Met's and the City of London Police's
/// rows are London's.
public enum CriminalJusticeMappings {
    static let byQuarter = StatisticsMapping.PeriodColumns(year: "Year", quarter: "Quarter")

    static func mapping(_ name: String, _ description: String, measure: String, place: (String, StatisticDimension),
                        count: String, beside other: String) -> StatisticsMapping {
        StatisticsMapping(name: name, description: description, measure: measure, columns: [place.0: place.1], countColumn: count,
                          period: byQuarter, ignoredColumns: [other])
    }

    // Civil orders: applications and orders made (STPOs and STROs together).
    public static let londonCivilOrderApplications = mapping(
        "london-civil-order-applications", "London partners' return: applications for slavery and trafficking prevention and risk orders, by borough",
        measure: "civil_order_applications", place: ("Borough", .borough), count: "Applications", beside: "Orders made")
    public static let londonCivilOrdersMade = mapping(
        "london-civil-orders-made", "London partners' return: slavery and trafficking prevention and risk orders made, by borough",
        measure: "civil_orders_made", place: ("Borough", .borough), count: "Orders made", beside: "Applications")
    public static let policeCivilOrderApplications = mapping(
        "police-civil-order-applications", "Applications for slavery and trafficking prevention and risk orders, by police force",
        measure: "civil_order_applications", place: ("Police force", .firstResponder), count: "Applications", beside: "Orders made")
    public static let policeCivilOrdersMade = mapping(
        "police-civil-orders-made", "Slavery and trafficking prevention and risk orders made, by police force",
        measure: "civil_orders_made", place: ("Police force", .firstResponder), count: "Orders made", beside: "Applications")

    // Prosecutions and convictions for modern slavery offences.
    public static let londonProsecutions = mapping(
        "london-prosecutions", "London partners' return: modern slavery prosecutions, by borough",
        measure: "prosecutions", place: ("Borough", .borough), count: "Prosecutions", beside: "Convictions")
    public static let londonConvictions = mapping(
        "london-convictions", "London partners' return: modern slavery convictions, by borough",
        measure: "convictions", place: ("Borough", .borough), count: "Convictions", beside: "Prosecutions")
    public static let mojProsecutions = mapping(
        "moj-modern-slavery-prosecutions",
        "Ministry of Justice, Criminal Justice System statistics: defendants proceeded against for modern slavery offences, by police force area (Open Government Licence)",
        measure: "prosecutions", place: ("Police force area", .firstResponder), count: "Proceeded against", beside: "Convicted")
    public static let mojConvictions = mapping(
        "moj-modern-slavery-convictions",
        "Ministry of Justice, Criminal Justice System statistics: offenders convicted of modern slavery offences, by police force area (Open Government Licence)",
        measure: "convictions", place: ("Police force area", .firstResponder), count: "Convicted", beside: "Proceeded against")

    public static let all: [StatisticsMapping] = [
        londonCivilOrderApplications, londonCivilOrdersMade, policeCivilOrderApplications, policeCivilOrdersMade,
        londonProsecutions, londonConvictions, mojProsecutions, mojConvictions,
    ]
}
