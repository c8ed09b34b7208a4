/// A person's words for an imported measure.
enum StatisticsMappingLabels {
    static func measure(_ measure: String) -> String {
        switch measure {
        case "nrm_referrals": "NRM referrals (Home Office statistics)"
        case "duty_to_notify_reports": "Duty to Notify reports (Home Office statistics)"
        case "crimes": "Modern slavery crimes (police returns)"
        case "civil_order_applications": "Applications for slavery and trafficking prevention and risk orders"
        case "civil_orders_made": "Slavery and trafficking prevention and risk orders made"
        case "prosecutions": "Modern slavery prosecutions"
        case "convictions": "Modern slavery convictions"
        case "population": "Population"
        case "ctdc_victims": "Victims of trafficking identified (CTDC global dataset, case level)"
        default: measure.replacingOccurrences(of: "_", with: " ").capitalized + " (imported)"
        }
    }
}
