import Testing
@testable import LanternCore

@Suite struct ReferralQuestionTests {
    static let today = Day(year: 2026, month: 11, day: 20)!

    @Test func theCatalogueFollowsTheFormsSections() {
        let fields = ReferralQuestion.all.map(\.field)
        #expect(Set(fields).count == fields.count, "each field is asked once")
        let order = ReferralQuestion.all.map { ReferralCompleteness.sections.firstIndex(of: $0.section) }
        #expect(!order.contains(nil), "every question belongs to a section of the form")
        #expect(order.compactMap { $0 } == order.compactMap { $0 }.sorted(), "questions appear in the form's order")
    }

    @Test func everyDetailTheCompletenessCheckNeedsIsAskedOrOnTheCase() {
        let asked = Set(ReferralQuestion.all.map(\.field))
        let onTheCase: Set<String> = ["exploitationLocation", "exploitationTypes", "consent", "gender", "nationality"]
        for age in [AgeGroup.adult, .child] {
            let attributes = CaseAttributes(ageGroup: age, gender: .unknown, nationality: nil, exploitationTypes: [],
                                            exploitationLocation: .ukAndOverseas, adultConsentRecorded: false)
            for missing in ReferralCompleteness.missing(ReferralDetails(), attributes) {
                #expect(asked.contains(missing.field) || onTheCase.contains(missing.field), "\(missing.field)")
            }
        }
    }

    @Test func childrenAndAdultsAreAskedDifferentQuestions() {
        let child = Set(ReferralQuestion.asked(about: .child).map(\.field))
        let adult = Set(ReferralQuestion.asked(about: .adult).map(\.field))
        #expect(child.contains("localAuthorityContactName") && !adult.contains("localAuthorityContactName"))
        #expect(adult.contains("underAgeAtExploitation") && !child.contains("underAgeAtExploitation"))
        #expect(adult.contains("wantsSupport") && !child.contains("wantsSupport"))
        #expect(Set(ReferralQuestion.asked(about: .unknown).map(\.field)) == child, "an unknown age is asked as a child")
    }

    @Test func theFormIsReadIntoDetails() throws {
        var existing = ReferralDetails()
        existing.localAuthorityContactName = "Kept for a child"
        existing.whatHappened = "Cleared when not sent"
        let values = ["reportLocation": " England ", "stillInSituation": "No", "futureExploitationRisk": "true",
                      "interpreterLanguage": "por", "dateOfBirth": "2001-02-03", "wantsSupport": ""]
        let details = try ReferralFormReader.read(values, into: existing, age: .adult, today: Self.today).get()
        #expect(details.reportLocation == "England")
        #expect(details.stillInSituation == false && details.futureExploitationRisk == true && details.wantsSupport == nil)
        #expect(details.interpreterLanguage == "por" && details.dateOfBirth == "2001-02-03")
        #expect(details.whatHappened == nil)
        #expect(details.localAuthorityContactName == "Kept for a child", "a question not asked of adults keeps its answer")
    }

    @Test func badAnswersAreRefusedFieldByField() {
        let long = String(repeating: "w", count: CaseValidation.longTextLimit + 1)
        let values = ["stillInSituation": "maybe", "interpreterLanguage": "Portuguese", "dateOfBirth": "2030-01-01",
                      "whatHappened": long, "firstName": "Ana\u{1B}[31m", "indicators": "line one\nline two"]
        guard case .failure(let p) = ReferralFormReader.read(values, into: ReferralDetails(), age: .adult, today: Self.today) else {
            Issue.record("expected problems"); return
        }
        #expect(p["stillInSituation"] == "Select yes or no")
        #expect(p["interpreterLanguage"] == "Select the interpreter's language from the list (the code for Portuguese is por)")
        #expect(p["dateOfBirth"] == "Date of birth must be today or in the past")
        #expect(p["whatHappened"] == "What happened to them? must be 10000 characters or fewer")
        #expect(p["firstName"] == "First name must not contain control characters")
        #expect(p["indicators"] == nil, "long answers may have several lines")
    }

    @Test func answersGoBackToTheFormAsTheyCame() {
        var details = ReferralDetails()
        details.stillInSituation = true
        details.interpreterLanguage = "Portuguese"
        let question = { (field: String) in ReferralQuestion.all.first { $0.field == field }! }
        #expect(question("stillInSituation").formValue(details) == "yes")
        #expect(question("interpreterLanguage").formValue(details) == "por", "text stored before codes is offered as its code")
        #expect(question("interpreterLanguage").code(details) == "Portuguese")
        #expect(question("stillInSituation").code(details) == nil)
    }
}
