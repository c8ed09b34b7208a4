import LanternCore

// The referral's questions and the reading of the form are `ReferralQuestion` and
// `ReferralFormReader` in LanternCore; what remains here is how an answer reads on a page.
extension ReferralQuestion {
    /// The answer as people read it: "Yes", a language's name.
    func display(_ details: ReferralDetails, l: Localiser) -> String? {
        switch kind {
        case .text(let path), .longText(let path), .date(let path): details[keyPath: path]
        case .yesNo(let path): details[keyPath: path].map { $0 ? l("cases.yes") : l("cases.no") }
        case .coded(let path, let list): details[keyPath: path].map { list.name(of: $0) }
        }
    }
}
