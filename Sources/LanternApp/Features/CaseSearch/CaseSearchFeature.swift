import LanternCore

/// Finding a case by name and date of birth within one's own organisation, through keyed
/// hashes of normalised tokens (`CaseSearchIndex`), never a plaintext index; and the
/// re-referral warning the new-case form shows before anything is saved (`ReReferral`).
extension Feature {
    static let caseSearch = Feature(
        name: "CaseSearch",
        register: { routes in CaseSearchController().register(routes) })
}

enum CaseSearchPaths {
    static let search = RoutePath("cases", "search")
    static let apiSearch = RoutePath.api("cases", "search")
}

extension Href {
    static let caseSearch = Href(CaseSearchPaths.search)
}
