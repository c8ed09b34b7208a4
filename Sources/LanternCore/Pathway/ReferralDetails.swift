import Foundation

/// Everything the digital NRM referral form asks, held so a referral prepared in Lantern can
/// be submitted without asking the survivor again. Field names follow the form's sections.
/// The whole value is identifying (names, narrative, contacts): it is stored encrypted.
public struct ReferralDetails: Sendable, Equatable, Codable {
    // 1. Your report
    /// Nation where the first responder is making the report (England, Wales, …).
    public var reportLocation: String?
    // 2. Age
    public var localAuthorityContactName: String?
    public var localAuthorityContactPhone: String?
    public var localAuthorityContactEmail: String?
    /// Adults only: were they under 18 at any time during the exploitation?
    public var underAgeAtExploitation: Bool?
    // 3. What happened
    public var whatHappened: String?
    public var howItStarted: String?
    public var stillInSituation: Bool?
    public var lastContactWithExploiters: String?
    // 4. First responder's assessment
    public var indicators: String?
    public var interviewDetails: String?
    public var professionalInsight: String?
    // 5. Where
    public var ukPlaces: String?
    public var overseasCountries: String?
    public var currentLocation: String?
    // 6. Exploiters
    public var exploiters: String?
    // 7. Risk and justice
    public var futureExploitationRisk: Bool?
    public var otherPotentialVictims: Bool?
    public var policeForce: String?
    public var crimeReference: String?
    // 8. Consent and support
    public var wantsSupport: Bool?
    // 9. About the potential victim
    public var firstName: String?
    public var lastName: String?
    public var nickname: String?
    /// ISO date, optional on the form.
    public var dateOfBirth: String?
    public var interpreterNeeded: Bool?
    /// A code of `CodedList.languages` (free text before migration 012).
    public var interpreterLanguage: String?
    public var communicationNeeds: String?
    public var homeOfficeReference: String?
    // 10. Decision letters
    public var decisionLetterRecipient: String?
    public var decisionLetterContact: String?
    // 11. About the first responder
    public var firstResponderName: String?
    public var firstResponderRole: String?
    public var firstResponderPhone: String?

    public init() {}
}

/// One thing the referral still needs, named as the form names it.
public struct MissingDetail: Sendable, Equatable, Codable {
    public let section: String
    public let field: String
    public let label: String
}

/// What the case record holds outside the referral details (its non-identifying attributes).
public struct CaseAttributes: Sendable, Equatable {
    public var ageGroup: AgeGroup
    public var gender: Gender
    /// A code of `CodedList.nationalities`; "not known" is a code, so nil only if never asked.
    public var nationality: String?
    public var exploitationTypes: Set<ExploitationType>
    public var exploitationLocation: ExploitationLocation
    public var adultConsentRecorded: Bool

    public init(ageGroup: AgeGroup, gender: Gender, nationality: String?, exploitationTypes: Set<ExploitationType>,
                exploitationLocation: ExploitationLocation, adultConsentRecorded: Bool) {
        self.ageGroup = ageGroup
        self.gender = gender
        self.nationality = nationality
        self.exploitationTypes = exploitationTypes
        self.exploitationLocation = exploitationLocation
        self.adultConsentRecorded = adultConsentRecorded
    }
}

/// The completeness check: what an investigation and the competent authority need before a
/// referral can be marked ready, listed in the digital NRM form's order.
public enum ReferralCompleteness {
    public static let sections = [
        "Your report", "Age", "What happened", "Your assessment", "Where", "Exploiters",
        "Types of exploitation", "Risk", "Consent and support", "About the potential victim",
        "Decision letters", "About you",
    ]

    public static func missing(_ d: ReferralDetails, _ c: CaseAttributes) -> [MissingDetail] {
        var missing: [MissingDetail] = []
        func need(_ present: Bool, _ section: String, _ field: String, _ label: String) {
            if !present { missing.append(MissingDetail(section: section, field: field, label: label)) }
        }
        func has(_ s: String?) -> Bool { !(s?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) }

        need(has(d.reportLocation), "Your report", "reportLocation", "where you are making the report")
        if c.ageGroup.treatedAsChild {
            need(has(d.localAuthorityContactName), "Age", "localAuthorityContactName", "the children's services contact's name")
            need(has(d.localAuthorityContactPhone) || has(d.localAuthorityContactEmail), "Age", "localAuthorityContactPhone",
                 "a phone number or email for the children's services contact")
        } else {
            need(d.underAgeAtExploitation != nil, "Age", "underAgeAtExploitation", "whether they were under 18 during the exploitation")
        }
        need(has(d.whatHappened), "What happened", "whatHappened", "what happened to them")
        need(has(d.howItStarted), "What happened", "howItStarted", "how the exploitation started")
        need(d.stillInSituation != nil, "What happened", "stillInSituation", "whether they are still in the situation")
        need(has(d.indicators), "Your assessment", "indicators", "the modern slavery indicators you saw")
        need(has(d.interviewDetails), "Your assessment", "interviewDetails", "where and how you spoke to them")
        need(c.exploitationLocation != .unknown, "Where", "exploitationLocation", "whether the exploitation was in the UK or overseas")
        if c.exploitationLocation == .uk || c.exploitationLocation == .ukAndOverseas {
            need(has(d.ukPlaces), "Where", "ukPlaces", "the UK towns or cities where it happened")
        }
        if c.exploitationLocation == .overseas || c.exploitationLocation == .ukAndOverseas {
            need(has(d.overseasCountries), "Where", "overseasCountries", "the countries where it happened")
        }
        need(has(d.currentLocation), "Where", "currentLocation", "where the person is staying now")
        need(has(d.exploiters), "Exploiters", "exploiters", "who exploited them")
        need(!c.exploitationTypes.subtracting([.unknown]).isEmpty, "Types of exploitation", "exploitationTypes",
             "at least one type of exploitation")
        need(d.futureExploitationRisk != nil, "Risk", "futureExploitationRisk", "whether they are at risk of further exploitation")
        if !c.ageGroup.treatedAsChild {
            need(c.adultConsentRecorded, "Consent and support", "consent", "the adult's recorded consent to the referral")
            need(d.wantsSupport != nil, "Consent and support", "wantsSupport", "whether they want support")
        }
        need(has(d.firstName), "About the potential victim", "firstName", "their first name")
        need(has(d.lastName), "About the potential victim", "lastName", "their last name")
        need(c.gender != .unknown, "About the potential victim", "gender", "their gender")
        need(has(c.nationality), "About the potential victim", "nationality", "their nationality")
        need(d.interpreterNeeded != nil, "About the potential victim", "interpreterNeeded", "whether they need an interpreter")
        if d.interpreterNeeded == true {
            need(has(d.interpreterLanguage), "About the potential victim", "interpreterLanguage", "the interpreter's language")
        }
        need(has(d.decisionLetterRecipient), "Decision letters", "decisionLetterRecipient", "who should receive decision letters")
        need(has(d.decisionLetterContact), "Decision letters", "decisionLetterContact", "a safe address or email for decision letters")
        need(has(d.firstResponderName), "About you", "firstResponderName", "your name")
        need(has(d.firstResponderRole), "About you", "firstResponderRole", "your role")
        need(has(d.firstResponderPhone), "About you", "firstResponderPhone", "your phone number")
        return missing
    }
}
