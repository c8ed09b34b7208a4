import Vapor
import LanternCore

/// A consent record as sent by the page or the API.
struct ConsentInput: Content {
    var basis: String?
    /// "yes" / "no" (pages) or true / false (API): consent to an NRM referral.
    var referToNRM: String?
    var organisationIDs: [String]?
    var scopes: [String]?
    var purpose: String?
    var obtainedHow: String?
    var interpreterLanguage: String?
    /// A team of `organisationID` to share with instead of the whole organisation (optional).
    var teamID: String?
    var givenOn: String?
    var validUntil: String?
}

/// How consent was obtained.
enum ConsentMethod: String, CaseIterable {
    case inPersonVerbal = "in_person_verbal"
    case inPersonWritten = "in_person_written"
    case throughInterpreter = "through_interpreter"
    case phone

    var label: String {
        switch self {
        case .inPersonVerbal: "In person, spoken"
        case .inPersonWritten: "In person, signed"
        case .throughInterpreter: "Through an interpreter"
        case .phone: "By phone"
        }
    }
}

struct ShareInput: Content {
    var organisationID: String?
    var scope: String?
    var purpose: String?
    var until: String?
    var consentID: String?
}
