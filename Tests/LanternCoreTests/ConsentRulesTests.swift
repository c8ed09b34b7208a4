import Foundation
import Testing
@testable import LanternCore

@Suite struct ConsentRulesTests {
    static let today = Day(year: 2026, month: 11, day: 20)!
    static let owner = UUID()
    static let housing = UUID()
    static let police = UUID()
    static let adult = ConsentCase(ageGroup: .adult, identifiedOn: today.adding(days: -30), ownerOrganisationID: owner)
    static let child = ConsentCase(ageGroup: .child, identifiedOn: today.adding(days: -30), ownerOrganisationID: owner)
    static let input = ConsentInput(basis: "consent", referToNRM: "yes", organisationIDs: [housing.uuidString],
                                    scopes: ["decision_status"], purpose: "Housing application", obtainedHow: "in_person_written",
                                    givenOn: today.adding(days: -1).iso, validUntil: today.adding(days: 180).iso)

    func validate(_ input: ConsentInput = input, on subject: ConsentCase = adult,
                  existing: Set<UUID> = [housing, police, owner]) -> Result<ValidConsent, ValidationProblems> {
        ConsentRules.validate(input, on: subject, existingOrganisationIDs: existing, today: Self.today)
    }

    func problems(_ input: ConsentInput, on subject: ConsentCase = adult, existing: Set<UUID> = [housing, police, owner]) -> ValidationProblems {
        if case .failure(let problems) = validate(input, on: subject, existing: existing) { problems } else { ValidationProblems() }
    }

    @Test func anAdultsConsentIsAccepted() throws {
        let valid = try validate().get()
        #expect(valid.basis == .consent && valid.referToNRM == true && valid.method == .inPersonWritten)
        #expect(valid.organisationIDs == [Self.housing] && valid.scopes == [.decisionStatus])
        #expect(valid.givenOn == Self.today.adding(days: -1) && valid.validUntil == Self.today.adding(days: 180))
    }

    /// Safeguarding a child is not consent: how it was obtained and the interpreter are neither
    /// required nor kept, whatever was sent; consent still needs them.
    @Test func theSafeguardingBasisDoesNotAskHowConsentWasObtained() throws {
        var input = Self.input
        input.basis = "child_safeguarding"
        input.referToNRM = nil
        input.obtainedHow = nil
        input.interpreterLanguage = nil
        let bare = try validate(input, on: Self.child).get()
        #expect(bare.method == nil && bare.interpreterLanguage == nil)
        input.obtainedHow = "telepathy"
        input.interpreterLanguage = "sqi"
        let ignored = try validate(input, on: Self.child).get()
        #expect(ignored.method == nil && ignored.interpreterLanguage == nil, "sent anyway: ignored, not stored")
        input.basis = "consent"
        input.obtainedHow = nil
        #expect(problems(input, on: Self.child)["obtainedHow"] == "Select how consent was obtained")
    }

    @Test func consentListsTheFourScopesAndReadsTheOldOne() throws {
        var input = Self.input
        input.scopes = ["decision_status", "case_without_identity", "identity_and_contact", "story"]
        #expect(try validate(input).get().scopes == Set(ShareScope.allCases))
        input.scopes = ["full_case"]
        #expect(try validate(input).get().scopes == [.caseWithoutIdentity])
        input.scopes = ["story", "all_of_it"]
        #expect(problems(input)["scopes"] == "Select what may be shared from the list")
    }

    @Test func theSafeguardingBasisIsForChildrenOnly() throws {
        var input = Self.input
        input.basis = "child_safeguarding"
        input.referToNRM = nil
        #expect(problems(input)["basis"] == "The safeguarding basis is for children. Record an adult's own consent.")
        let valid = try validate(input, on: Self.child).get()
        #expect(valid.basis == .childSafeguarding && valid.referToNRM == nil, "a child is not asked about referral")
        input.basis = "implied"
        #expect(problems(input, on: Self.child)["basis"] == "Select the basis: the person's consent, or safeguarding a child")
    }

    @Test func anAdultAnswersTheReferralQuestion() {
        var input = Self.input
        input.referToNRM = ""
        #expect(problems(input)["referToNRM"] == "Select whether they consent to an NRM referral")
        input.referToNRM = "perhaps"
        #expect(problems(input, on: Self.child)["referToNRM"] != nil, "an answer that is not yes or no is refused for anyone")
        input.referToNRM = "false"
        #expect((try? validate(input).get())?.referToNRM == false)
    }

    @Test func organisationsMustExistAndNotBeTheOwner() {
        var input = Self.input
        input.organisationIDs = ["housing"]
        #expect(problems(input)["organisationIDs"] == "Select organisations from the list")
        #expect(ConsentRules.organisationsToLookUp(input).isEmpty)
        input.organisationIDs = [Self.owner.uuidString]
        #expect(problems(input)["organisationIDs"] == "Select organisations from the list")
        input.organisationIDs = [UUID().uuidString]
        #expect(problems(input)["organisationIDs"] == "Select organisations from the list")
        input.organisationIDs = [Self.housing.uuidString, Self.housing.uuidString, Self.police.uuidString]
        #expect(ConsentRules.organisationsToLookUp(input).count == 3)
        #expect((try? validate(input).get())?.organisationIDs == [Self.housing, Self.police], "repeats count once")
    }

    @Test func sharingWithOrganisationsNeedsScopes() {
        var input = Self.input
        input.scopes = []
        #expect(problems(input)["scopes"] == "Select what may be shared with those organisations")
        input.organisationIDs = []
        #expect((try? validate(input).get()) != nil, "consent to refer without sharing needs no scope")
        input.scopes = ["everything"]
        #expect(problems(input)["scopes"] == "Select what may be shared from the list")
    }

    @Test func thePurposeAndMethodAreRequired() {
        var input = Self.input
        input.purpose = "  "
        input.obtainedHow = "telepathy"
        let p = problems(input)
        #expect(p["purpose"] == "Enter what the information will be used for")
        #expect(p["obtainedHow"] == "Select how consent was obtained")
        input.purpose = String(repeating: "p", count: ConsentRules.maximumPurposeLength + 1)
        #expect(problems(input)["purpose"] == "What the information will be used for must be 500 characters or fewer")
    }

    @Test func consentThroughAnInterpreterNamesTheLanguage() {
        var input = Self.input
        input.obtainedHow = "through_interpreter"
        #expect(problems(input)["interpreterLanguage"] == "Enter the interpreter's language")
        input.interpreterLanguage = " Tigrinya "
        #expect((try? validate(input).get())?.interpreterLanguage == "Tigrinya")
    }

    @Test func theDatesMakeSense() {
        var input = Self.input
        input.givenOn = Self.today.adding(days: 1).iso
        #expect(problems(input)["givenOn"] == "The date consent was given must be today or in the past")
        input.givenOn = Self.adult.identifiedOn.adding(days: -1).iso
        #expect(problems(input)["givenOn"] == "Consent cannot be dated before the person was identified")
        input.givenOn = Self.adult.identifiedOn.iso
        #expect((try? validate(input).get()) != nil, "consent on the day of identification is allowed")
        input.validUntil = Self.today.adding(days: -1).iso
        #expect(problems(input)["validUntil"] == "The end date must be today or later")
        input.validUntil = Self.today.iso
        #expect((try? validate(input).get()) != nil, "consent may end today")
        input.givenOn = Self.today.iso
        input.validUntil = "2099-12-31"
        #expect((try? validate(input).get()) != nil, "an end date has no upper bound")
        input.validUntil = "  "
        #expect(problems(input)["validUntil"] == "Enter the date consent ends")
        input.givenOn = "20-11-2026"
        #expect(problems(input)["givenOn"] == "The date consent was given must be a real date, like 2026-03-27")
    }

    @Test func everyProblemIsReportedAtOnceInTheFormsOrder() {
        let p = problems(ConsentInput(organisationIDs: ["x"]))
        #expect(p.problems.map(\.field) == ["basis", "referToNRM", "organisationIDs", "purpose", "obtainedHow", "givenOn", "validUntil"])
    }
}
