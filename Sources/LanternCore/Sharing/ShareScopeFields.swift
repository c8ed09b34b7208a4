/// Which of the referral's answers each scope shows a recipient. The case record without
/// identity shows none of them (only the case's own attributes and pathway); the decision
/// status shows only the decisions. Answers in no scope (the first responder's own details,
/// the children's services contact, where the report is made, whether they want support)
/// stay with the owning organisation.
extension ShareScope {
    /// The referral fields (`ReferralQuestion.field`) this scope adds, in the form's order.
    public var referralFields: [String] {
        switch self {
        case .decisionStatus, .caseWithoutIdentity: []
        case .identityAndContact:
            ["firstName", "lastName", "nickname", "dateOfBirth", "currentLocation", "communicationNeeds", "homeOfficeReference",
             "decisionLetterRecipient", "decisionLetterContact"]
        case .story:
            ["whatHappened", "howItStarted", "stillInSituation", "lastContactWithExploiters", "indicators", "interviewDetails",
             "professionalInsight", "ukPlaces", "overseasCountries", "exploiters", "futureExploitationRisk", "otherPotentialVictims",
             "policeForce", "crimeReference"]
        }
    }

    /// The referral's questions this scope shows about a person of this age group, in the form's order.
    public func referralQuestions(about age: AgeGroup) -> [ReferralQuestion] {
        let fields = Set(referralFields)
        return ReferralQuestion.asked(about: age).filter { fields.contains($0.field) }
    }
}
