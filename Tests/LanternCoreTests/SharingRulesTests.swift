import Testing
@testable import LanternCore

@Suite struct SharingRulesTests {
    static let today = Day(year: 2026, month: 11, day: 20)!
    static let consent = ConsentTerms(basis: .consent, organisationIDs: ["housing"], scopes: [.decisionStatus],
                                      givenOn: today.adding(days: -10), validUntil: today.adding(days: 180))
    static let request = ShareRequest(organisationID: "housing", scopes: [.decisionStatus], purpose: "Housing application",
                                      until: today.adding(days: 90))

    func check(_ request: ShareRequest = request, _ consent: ConsentTerms? = consent, age: AgeGroup = .adult) throws(SharingRefusal) {
        try SharingRules.check(request, under: consent, ownerOrganisationID: "council", ageGroup: age, today: Self.today)
    }

    @Test func aShareCoveredByConsentIsAllowed() throws { try check() }

    @Test func everyShareNeedsAConsentThatCoversIt() {
        var r = Self.request
        #expect(throws: SharingRefusal.self) { try check(r, nil) }
        r.organisationID = "police"
        #expect(throws: SharingRefusal(field: "organisation", reason: "The consent does not cover sharing with that organisation.")) { try check(r) }
        r = Self.request
        r.scopes = [.caseWithoutIdentity]
        #expect(throws: SharingRefusal.self) { try check(r) }
        r = Self.request
        r.until = Self.today.adding(days: 400)
        #expect(throws: SharingRefusal.self) { try check(r) }
        r = Self.request
        r.purpose = " "
        #expect(throws: SharingRefusal.self) { try check(r) }
        r = Self.request
        r.organisationID = "council"
        #expect(throws: SharingRefusal.self) { try check(r) }
    }

    /// A share carries a set of scopes; what they cover (identity and the story come with the
    /// case record, every scope with the decision status) must lie within what the consent covers.
    @Test func aShareCarriesOnlyWhatItsConsentCovers() throws {
        var consent = Self.consent
        consent.scopes = [.identityAndContact]
        var r = Self.request
        for within: Set<ShareScope> in [[.decisionStatus], [.caseWithoutIdentity], [.identityAndContact],
                                         [.decisionStatus, .caseWithoutIdentity, .identityAndContact]] {
            r.scopes = within
            try check(r, consent)
        }
        r.scopes = [.identityAndContact, .story]
        #expect(throws: SharingRefusal(field: "scopes", reason: "The consent does not cover sharing: the story. Share only what the consent lists, or record a new consent.")) { try check(r, consent) }
        consent.scopes = [.decisionStatus]
        r.scopes = [.caseWithoutIdentity, .story, .identityAndContact]
        #expect(throws: SharingRefusal(field: "scopes", reason: "The consent does not cover sharing: case without identity, identity and contact, the story. Share only what the consent lists, or record a new consent.")) { try check(r, consent) }
        r.scopes = []
        #expect(throws: SharingRefusal(field: "scopes", reason: "Select what to share.")) { try check(r, consent) }
        consent.scopes = Set(ShareScope.allCases)
        r.scopes = Set(ShareScope.allCases)
        try check(r, consent)
    }

    @Test func whatScopesCoverAndHowTheyAreStored() {
        #expect(ShareScope.covered(by: []) == [])
        #expect(ShareScope.covered(by: [.decisionStatus]) == [.decisionStatus])
        #expect(ShareScope.covered(by: [.caseWithoutIdentity]) == [.decisionStatus, .caseWithoutIdentity])
        #expect(ShareScope.covered(by: [.story]) == [.decisionStatus, .caseWithoutIdentity, .story])
        #expect(ShareScope.covered(by: [.identityAndContact]) == [.decisionStatus, .caseWithoutIdentity, .identityAndContact])
        #expect(ShareScope(code: "full_case") == .caseWithoutIdentity, "the old wider scope showed exactly the case without identity")
        #expect(ShareScope(code: "everything") == nil)
        #expect(ShareScope.parse("story,decision_status,full_case,nonsense") == [.story, .decisionStatus, .caseWithoutIdentity])
        #expect(ShareScope.stored([.story, .decisionStatus, .identityAndContact]) == "decision_status,identity_and_contact,story")
    }

    /// Each referral answer belongs to at most one scope; identity holds the name, date of birth
    /// and contact, the story the account; the first responder's own details go to no one.
    @Test func eachReferralAnswerBelongsToAtMostOneScope() {
        let identity = Set(ShareScope.identityAndContact.referralFields), story = Set(ShareScope.story.referralFields)
        #expect(identity.isDisjoint(with: story))
        #expect(ShareScope.decisionStatus.referralFields.isEmpty && ShareScope.caseWithoutIdentity.referralFields.isEmpty)
        #expect(identity.isSuperset(of: ["firstName", "lastName", "dateOfBirth", "currentLocation", "decisionLetterContact"]))
        #expect(story.isSuperset(of: ["whatHappened", "howItStarted", "exploiters", "indicators"]))
        let known = Set(ReferralQuestion.all.map(\.field))
        #expect(identity.isSubset(of: known) && story.isSubset(of: known))
        #expect(identity.union(story).isDisjoint(with: ["firstResponderName", "firstResponderPhone", "firstResponderRole"]))
        #expect(ShareScope.story.referralQuestions(about: .adult).map(\.field) == ShareScope.story.referralFields)
    }

    @Test func withdrawnOrExpiredConsentEndsSharing() {
        var withdrawn = Self.consent
        withdrawn.withdrawnOn = Self.today
        #expect(throws: SharingRefusal.self) { try check(Self.request, withdrawn) }
        #expect(!SharingRules.isActive(ShareTerms(startsOn: Self.today.adding(days: -30), until: Self.today.adding(days: 5), revoked: false), under: withdrawn, today: Self.today))
        #expect(SharingRules.isActive(ShareTerms(startsOn: Self.today.adding(days: -30), until: Self.today.adding(days: 5), revoked: false), under: Self.consent, today: Self.today))
        #expect(!SharingRules.isActive(ShareTerms(startsOn: Self.today.adding(days: -30), until: Self.today.adding(days: -1), revoked: false), under: Self.consent, today: Self.today))
        #expect(!SharingRules.isActive(ShareTerms(startsOn: Self.today.adding(days: -30), until: Self.today.adding(days: 5), revoked: true), under: Self.consent, today: Self.today))
        #expect(!SharingRules.isActive(ShareTerms(startsOn: Self.today.adding(days: -30), until: Self.today.adding(days: 500), revoked: false), under: Self.consent, today: Self.today.adding(days: 181)))
    }

    @Test func childrenAreSharedUnderSafeguardingAndAdultsNeverAre() throws {
        var safeguarding = Self.consent
        safeguarding.basis = .childSafeguarding
        try check(Self.request, safeguarding, age: .child)
        #expect(throws: SharingRefusal.self) { try check(Self.request, safeguarding, age: .adult) }
    }
}

@Suite struct CompletenessTests {
    static func complete() -> ReferralDetails {
        var d = ReferralDetails()
        d.reportLocation = "England"; d.underAgeAtExploitation = false; d.whatHappened = "x"; d.howItStarted = "x"
        d.stillInSituation = false; d.indicators = "x"; d.interviewDetails = "x"; d.ukPlaces = "London"; d.currentLocation = "London"
        d.exploiters = "x"; d.futureExploitationRisk = true; d.wantsSupport = true; d.firstName = "A"; d.lastName = "B"
        d.interpreterNeeded = false; d.decisionLetterRecipient = "PV"; d.decisionLetterContact = "x"
        d.firstResponderName = "F"; d.firstResponderRole = "R"; d.firstResponderPhone = "1"
        return d
    }
    static let attributes = CaseAttributes(ageGroup: .adult, gender: .female, nationality: "ALB", exploitationTypes: [.labour],
                                           exploitationLocation: .uk, adultConsentRecorded: true)

    @Test func aCompleteReferralMissesNothing() {
        #expect(ReferralCompleteness.missing(Self.complete(), Self.attributes).isEmpty)
    }

    @Test func anEmptyReferralListsWhatIsMissingInTheFormsOrder() {
        let missing = ReferralCompleteness.missing(ReferralDetails(), CaseAttributes(
            ageGroup: .child, gender: .unknown, nationality: nil, exploitationTypes: [], exploitationLocation: .unknown,
            adultConsentRecorded: false))
        let order = missing.map { ReferralCompleteness.sections.firstIndex(of: $0.section)! }
        #expect(order == order.sorted())
        #expect(missing.first?.field == "reportLocation")
        #expect(missing.contains { $0.field == "localAuthorityContactName" })
        #expect(!missing.contains { $0.field == "consent" }, "children need no consent")
    }

    @Test func conditionalQuestionsAreRequiredOnlyWhenTheyApply() {
        var d = Self.complete()
        d.interpreterNeeded = true
        #expect(ReferralCompleteness.missing(d, Self.attributes).map(\.field) == ["interpreterLanguage"])
        var overseas = Self.attributes
        overseas.exploitationLocation = .ukAndOverseas
        #expect(ReferralCompleteness.missing(Self.complete(), overseas).map(\.field) == ["overseasCountries"])
        var noConsent = Self.attributes
        noConsent.adultConsentRecorded = false
        #expect(ReferralCompleteness.missing(Self.complete(), noConsent).map(\.field) == ["consent"])
    }

    @Test func combinationLabelsMatchTheStatistics() {
        #expect(ExploitationType.combinationLabel([.criminal, .labour]) == "Labour & Criminal")
        #expect(ExploitationType.combinationLabel([.sexual, .labour, .domestic, .criminal]) == "Labour & Sexual & Criminal & Domestic")
        #expect(ExploitationType.combinationLabel([]) == "Not specified or unknown")
    }
}

@Suite struct ReferenceAndMatchTests {
    @Test func referencesAreRandomAndNormalise() {
        let a = CaseReference.generate()
        #expect(a.count == 18 && a.hasPrefix("LNT-"))
        #expect(a != CaseReference.generate())
        #expect(CaseReference.normalised(a.lowercased().replacingOccurrences(of: "-", with: " ")) == a)
        #expect(CaseReference.normalised("LNT-0000-0000-0000") == nil)
        #expect(CaseReference.normalised("'; DROP TABLE cases;--") == nil)
    }

    @Test func spellingVariantsOfTheSamePersonMatch() {
        let a = PersonMatch.matchText(firstName: "Anna-María", lastName: "O'Neil", dateOfBirth: "2009-04-01")
        let b = PersonMatch.matchText(firstName: " anna maria", lastName: "ONEIL", dateOfBirth: "2009-04-01")
        #expect(a != nil && a == b)
        #expect(PersonMatch.matchText(firstName: "Anna", lastName: "Oneil", dateOfBirth: "2009-04-02") != a)
        #expect(PersonMatch.matchText(firstName: "Anna", lastName: nil, dateOfBirth: "2009-04-01") == nil)
        #expect(PersonMatch.matchText(firstName: "Anna", lastName: "B", dateOfBirth: "not a date") == nil)
    }
}
