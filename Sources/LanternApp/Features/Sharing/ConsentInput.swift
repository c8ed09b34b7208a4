import Vapor
import LanternCore

// A consent record as sent by the page or the API; the rules that check it are
// `ConsentRules` in LanternCore.
extension ConsentInput: Content {}

struct ShareInput: Content {
    var organisationID: String?
    /// What the share carries: `ShareScope` codes (pages send `scopes[]`).
    var scopes: [String]?
    /// The one scope of before (API clients that send a single code); `scopes` wins.
    var scope: String?
    var purpose: String?
    /// What the share is for (`SharePurposeKind`); it sets the answer-by day. Absent: other.
    var purposeKind: String?
    var until: String?
    var consentID: String?
    /// A team of `organisationID` to share with instead of the whole organisation (optional).
    var teamID: String?
}
